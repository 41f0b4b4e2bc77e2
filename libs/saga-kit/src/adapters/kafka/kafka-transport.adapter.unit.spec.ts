import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { KafkaTransport } from './kafka-transport.adapter';
import type { KafkaTransportOptions } from './kafka-transport.options';

const logger = pino({ level: 'silent' });
const valid: KafkaTransportOptions = { clientId: 'c', brokers: ['localhost:9092'], logger };

// Nothing here reaches a broker: the transport connects on first use.
describe('KafkaTransport options and input', () => {
  it.each([
    [{ clientId: '' }, /clientId/],
    [{ brokers: [] }, /brokers/],
    [{ brokers: ['no-port'] }, /brokers/],
    [{ maxMessageBytes: 0 }, /maxMessageBytes/],
    [{ partitionsConsumedConcurrently: 1.5 }, /partitionsConsumedConcurrently/],
    [{ idempotent: 'yes' as unknown as boolean }, /idempotent/],
    [{ redelivery: { initialDelayMs: Number.NaN } }, /redelivery/],
    [{ provisionTopics: { partitions: 0 } }, /provisionTopics\.partitions/],
    [{ provisionTopics: { replicationFactor: 1.5 } }, /provisionTopics\.replicationFactor/],
  ])('refuses %j', (override, error) => {
    expect(() => new KafkaTransport({ ...valid, ...override })).toThrow(error);
  });

  it('refuses malformed messages and subscriptions before touching the network', async () => {
    const transport = new KafkaTransport(valid);
    const good = { topic: 't', key: 'k', value: new Uint8Array(1), headers: {} };
    await expect(
      transport.publish([{ ...good, headers: { n: 1 as unknown as string } }]),
    ).rejects.toThrow(/messages\[0\]\.headers\["n"\] must be a string/);
    await expect(transport.publish([{ ...good, topic: 'bad topic' }])).rejects.toThrow(/topic/);
    await expect(transport.subscribe({ groupId: 'g' }, () => Promise.resolve())).rejects.toThrow(
      /topics or a topicPattern/,
    );
    await expect(transport.ensureTopics(['ok', 'bad topic'])).rejects.toThrow(/topics\[1\]/);
    await expect(transport.ensureTopics(['ok'], { partitions: -1 })).rejects.toThrow(
      /ensureTopics settings\.partitions must be a positive integer/,
    );
    await transport.close();
    await expect(transport.publish([good])).rejects.toThrow(/closed/);
  });
});
