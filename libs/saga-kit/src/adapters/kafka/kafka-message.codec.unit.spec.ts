import { describe, expect, it } from '@jest/globals';
import type { KafkaMessage } from 'kafkajs';
import { decodeHeaders, groupByTopic, toIncomingMessage } from './kafka-message.codec';

describe('the Kafka message codec', () => {
  it('groups a publish by topic, keeping the order within each topic', () => {
    const m = (topic: string, key: string) => ({
      topic,
      key,
      value: new Uint8Array([1]),
      headers: { h: key },
    });
    const grouped = groupByTopic([m('a', '1'), m('b', '2'), m('a', '3')]);
    expect(grouped.map((g) => [g.topic, g.messages.map((x) => x.key)])).toEqual([
      ['a', ['1', '3']],
      ['b', ['2']],
    ]);
    expect(grouped[0]!.messages[0]!.headers).toEqual({ h: '1' });
  });

  it('sends the bytes of a view into a larger buffer, not the whole buffer', () => {
    const backing = new Uint8Array([9, 1, 2, 9]);
    const [group] = groupByTopic([
      { topic: 't', key: 'k', value: backing.subarray(1, 3), headers: {} },
    ]);
    expect([...(group!.messages[0]!.value as Buffer)]).toEqual([1, 2]);
  });

  it('decodes Buffer headers to strings; the last of a repeated header wins', () => {
    expect(
      decodeHeaders({
        a: Buffer.from('é'),
        b: 'text',
        c: [Buffer.from('1'), 'last'],
        d: undefined,
      }),
    ).toEqual({ a: 'é', b: 'text', c: 'last' });
  });

  it('delivers a plain Uint8Array value, a string key, and empty bytes for a tombstone', () => {
    const message = {
      offset: '41',
      key: Buffer.from('root'),
      value: null,
      headers: {},
    } as unknown as KafkaMessage;
    const incoming = toIncomingMessage('t', 3, message);
    expect(incoming).toEqual({
      topic: 't',
      partition: 3,
      offset: '41',
      key: 'root',
      value: new Uint8Array(0),
      headers: {},
    });
    const withValue = toIncomingMessage('t', 3, { ...message, key: null, value: Buffer.from('v') });
    expect(withValue.key).toBeNull();
    expect(Object.getPrototypeOf(withValue.value)).toBe(Uint8Array.prototype);
  });
});
