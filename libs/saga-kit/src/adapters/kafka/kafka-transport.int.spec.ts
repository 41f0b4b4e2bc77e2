import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import { kafkaControl, testKafka, uniqueName, waitFor } from '../../../../../test/infra';
import { isPoisonMessageError } from '../../errors/poison-message.error';
import type { IncomingMessage, OutgoingMessage, Subscription } from '../../ports/transport.port';
import { holdsWithin } from '../../testing/conformance';
import { decode, encode, testTransport } from './kafka-fixtures.spec';
import type { KafkaTransport } from './kafka-transport.adapter';
import {
  KafkaTransportEvents,
  type CrashEvent,
  type HandlerErrorEvent,
  type RestartEvent,
} from './kafka-transport.events';

const msg = (topic: string, key: string, value: string, headers = {}): OutgoingMessage => ({
  topic,
  key,
  value: encode(value),
  headers,
});

/** Collects what a handler receives. */
class Received {
  readonly messages: IncomingMessage[] = [];
  values = (): string[] => this.messages.map((m) => decode(m.value));
  has = (...values: string[]): boolean => values.every((v) => this.values().includes(v));
  handler = (message: IncomingMessage): Promise<void> => {
    this.messages.push(message);
    return Promise.resolve();
  };
}

/** Joins and rebalances take seconds on any broker; jest's project-level testTimeout does not apply. */
const TIMEOUT_MS = 60_000;

const name = (label: string): string => uniqueName(`kafka-transport.${label}`);

describe('KafkaTransport on Kafka', () => {
  let transport: KafkaTransport;
  let admin: Admin;
  const crashes: CrashEvent[] = [];
  const handlerErrors: HandlerErrorEvent[] = [];
  const restarts: RestartEvent[] = [];
  const subscriptions: Subscription[] = [];

  const topics = {
    roundTrip: name('round-trip'),
    roundTripOther: name('round-trip-other'),
    failing: name('failing'),
    commit: name('commit'),
    rebalance: name('rebalance'),
    patternPrefix: name('pattern'),
  };
  const roundTrip = new Received();
  const failing = new Received();
  const failSucceeded: string[] = [];
  const commit = new Received();
  const rebalanceFirst = new Received();
  const pattern = new Received();
  const commitGroup = name('commit-group');
  const rebalanceGroup = name('rebalance-group');
  let releaseCommitGate: () => void = () => undefined;
  const commitGate = new Promise<void>((resolve) => (releaseCommitGate = resolve));
  let commitSubscription: Subscription;

  // Fails `f1` once by rejecting and `f2` once by throwing synchronously.
  const failOnce = new Set(['f1', 'f2']);
  const failingHandler = (message: IncomingMessage): Promise<void> => {
    failing.messages.push(message);
    const value = decode(message.value);
    if (failOnce.delete(value)) {
      if (value === 'f2') throw new Error('synchronous failure on purpose');
      return Promise.reject(new Error('asynchronous failure on purpose'));
    }
    failSucceeded.push(value);
    return Promise.resolve();
  };

  beforeAll(async () => {
    transport = testTransport();
    transport.on(KafkaTransportEvents.Crash, (e) => void crashes.push(e));
    transport.on(KafkaTransportEvents.HandlerError, (e) => void handlerErrors.push(e));
    transport.on(KafkaTransportEvents.Restart, (e) => void restarts.push(e));
    admin = testKafka('kafka-transport-int-admin').admin();
    await admin.connect();
    const control = kafkaControl();
    await Promise.all(
      [
        ...Object.values(topics).filter((t) => t !== topics.patternPrefix),
        `${topics.patternPrefix}.a`,
      ].map((t) => control.createTopic(t, 4)),
    );
    // Joins take seconds: every long-lived member joins once, in parallel.
    const started = await Promise.all([
      transport.subscribe(
        { groupId: name('rt'), topics: [topics.roundTrip, topics.roundTripOther] },
        roundTrip.handler,
      ),
      transport.subscribe({ groupId: name('failing'), topics: [topics.failing] }, failingHandler),
      transport.subscribe({ groupId: commitGroup, topics: [topics.commit] }, async (m) => {
        await commit.handler(m);
        if (decode(m.value) === 'c2') await commitGate;
      }),
      transport.subscribe(
        { groupId: rebalanceGroup, topics: [topics.rebalance] },
        rebalanceFirst.handler,
      ),
      transport.subscribe(
        { groupId: name('pattern'), topicPattern: new RegExp(`^${topics.patternPrefix}\\.`) },
        pattern.handler,
      ),
    ]);
    subscriptions.push(...started);
    commitSubscription = started[2];
  }, TIMEOUT_MS);

  afterAll(async () => {
    releaseCommitGate();
    await transport?.close();
    await admin?.disconnect();
  }, TIMEOUT_MS);

  it(
    'delivers keys and headers as strings, from publish and from any kafkajs producer',
    async () => {
      await transport.publish([
        msg(topics.roundTrip, 'root-1', 'one', { 'message-id': 'm-1', note: 'é ✓' }),
        msg(topics.roundTripOther, 'root-2', 'two', { 'message-id': 'm-2' }),
      ]);
      const producer: Producer = testKafka('raw-producer').producer({
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      try {
        await producer.send({
          topic: topics.roundTrip,
          messages: [
            {
              key: Buffer.from('root-3'),
              value: Buffer.from('three'),
              headers: { 'message-id': Buffer.from('m-3'), repeated: [Buffer.from('a'), 'b'] },
            },
          ],
        });
      } finally {
        await producer.disconnect();
      }

      await waitFor(() => roundTrip.has('one', 'two', 'three'), { message: 'the three messages' });
      const byValue = new Map(roundTrip.messages.map((m) => [decode(m.value), m]));
      expect(byValue.get('one')).toMatchObject({
        topic: topics.roundTrip,
        key: 'root-1',
        headers: { 'message-id': 'm-1', note: 'é ✓' },
      });
      expect(byValue.get('two')).toMatchObject({ topic: topics.roundTripOther, key: 'root-2' });
      // The last value of a repeated header wins, as with Kafka's lastHeader.
      expect(byValue.get('three')?.headers).toEqual({ 'message-id': 'm-3', repeated: 'b' });
      expect(byValue.get('three')?.key).toBe('root-3');
      expect(byValue.get('one')?.value).toBeInstanceOf(Uint8Array);
    },
    TIMEOUT_MS,
  );

  it(
    'redelivers a failed message before later ones of its key, without crashing the consumer',
    async () => {
      await transport.publish(
        ['f0', 'f1', 'f2', 'f3'].map((v) => msg(topics.failing, 'one-key', v)),
      );

      await waitFor(() => failSucceeded.length === 4, { message: 'every message to succeed' });
      expect(failing.values()).toEqual(['f0', 'f1', 'f1', 'f2', 'f2', 'f3']);
      expect(failSucceeded).toEqual(['f0', 'f1', 'f2', 'f3']);
      const reported = handlerErrors.filter((e) => e.topic === topics.failing);
      expect(reported.map((e) => [e.offset, e.attempt])).toEqual([
        [failing.messages[1]!.offset, 1],
        [failing.messages[3]!.offset, 1],
      ]);
      expect(crashes).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'commits only handled messages, lets close() finish the in-flight one, and resumes after it',
    async () => {
      await transport.publish(
        ['c0', 'c1', 'c2', 'c3', 'c4'].map((v) => msg(topics.commit, 'k', v)),
      );
      await waitFor(() => commit.has('c2'), { message: 'the handler of c2 to start' });
      const inFlight = commit.messages[2]!;
      const committed = async (): Promise<number> => {
        const [topic] = await admin.fetchOffsets({ groupId: commitGroup, topics: [topics.commit] });
        const partition = topic?.partitions.find((p) => p.partition === inFlight.partition);
        return Number(partition?.offset ?? -1);
      };
      expect(await committed()).toBeLessThanOrEqual(Number(inFlight.offset));

      const order: string[] = [];
      const closing = commitSubscription.close().then(() => void order.push('closed'));
      expect(await holdsWithin(() => order.length > 0, 300)).toBe(false);
      order.push('handler released');
      releaseCommitGate();
      await closing;
      expect(order).toEqual(['handler released', 'closed']);
      // The in-flight message was committed on the way out; nothing after it was handed out.
      expect(commit.values()).toEqual(['c0', 'c1', 'c2']);
      expect(await committed()).toBe(Number(inFlight.offset) + 1);

      const resumed = new Received();
      const again = await transport.subscribe(
        { groupId: commitGroup, topics: [topics.commit] },
        resumed.handler,
      );
      subscriptions.push(again);
      await waitFor(() => resumed.has('c3', 'c4'), { message: 'the rest after a restart' });
      expect(resumed.values()).toEqual(['c3', 'c4']);
    },
    TIMEOUT_MS,
  );

  it(
    'loses nothing while a second member joins and leaves the group',
    async () => {
      const batch = (label: string): OutgoingMessage[] =>
        Array.from({ length: 40 }, (_, i) => msg(topics.rebalance, `key-${i}`, `${label}${i}`));
      const all = [...batch('a'), ...batch('b'), ...batch('c')].map((m) => decode(m.value));
      const second = new Received();
      const handled = (): Set<string> => new Set([...rebalanceFirst.values(), ...second.values()]);

      await transport.publish(batch('a'));
      const member = await transport.subscribe(
        { groupId: rebalanceGroup, topics: [topics.rebalance] },
        second.handler,
      );
      await transport.publish(batch('b'));
      await waitFor(() => second.messages.length > 0, {
        message: 'the second member to take part',
      });
      await member.close();
      await transport.publish(batch('c'));

      await waitFor(() => all.every((v) => handled().has(v)), {
        timeoutMs: 30_000,
        message: 'every message, from either member',
      });
      expect(all.filter((v) => !handled().has(v))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'picks up topics that start matching a pattern, without handling old messages again',
    async () => {
      const a = `${topics.patternPrefix}.a`;
      const b = `${topics.patternPrefix}.b`;
      await transport.publish([msg(a, 'k', 'pa1')]);
      await waitFor(() => pattern.has('pa1'), { message: 'the message on the first topic' });

      await kafkaControl().createTopic(b, 2);
      await transport.publish([msg(b, 'k', 'pb1')]);
      await waitFor(() => pattern.has('pb1'), { timeoutMs: 20_000, message: 'the new topic' });
      await transport.publish([msg(a, 'k', 'pa2')]);
      await waitFor(() => pattern.has('pa2'), { message: 'the first topic after the restart' });

      expect(pattern.values().filter((v) => v === 'pa1')).toEqual(['pa1']);
      expect(restarts.filter((r) => r.reason === 'new-topics').map((r) => r.topics)).toContainEqual(
        [a, b],
      );
    },
    TIMEOUT_MS,
  );

  it(
    'rejects an oversized message as poison naming its size, and sends nothing of that publish',
    async () => {
      const tooBig = new Uint8Array(1024 * 1024 + 1);
      const error = await transport
        .publish([
          msg(topics.roundTrip, 'ov', 'ov-valid'),
          { ...msg(topics.roundTrip, 'ov', ''), value: tooBig },
        ])
        .catch((e: unknown) => e);
      expect(isPoisonMessageError(error) && error.reason).toBe('oversized');
      expect((error as Error).message).toContain(String(tooBig.byteLength + 2));
      expect((error as { retriable: boolean }).retriable).toBe(false);

      // Same key, same partition: had ov-valid been sent, it would arrive before ov-after.
      await transport.publish([msg(topics.roundTrip, 'ov', 'ov-after')]);
      await waitFor(() => roundTrip.has('ov-after'), { message: 'the later message' });
      expect(roundTrip.values()).not.toContain('ov-valid');
    },
    TIMEOUT_MS,
  );
});
