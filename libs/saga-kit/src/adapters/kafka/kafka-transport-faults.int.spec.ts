import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  KAFKA_API_KEY,
  KAFKA_ERROR_CODE,
  startKafkaMock,
  uniqueName,
  waitFor,
  type KafkaMock,
} from '../../../../../test/infra';
import { isPoisonMessageError } from '../../errors/poison-message.error';
import { TransientError } from '../../errors/transient.error';
import type { IncomingMessage, OutgoingMessage } from '../../ports/transport.port';
import { decode, encode, testTransport } from './kafka-fixtures.spec';
import type { KafkaTransport } from './kafka-transport.adapter';
import type { KafkaTransportOptions } from './kafka-transport.options';
import { KafkaTransportEvents, type CrashEvent, type RestartEvent } from './kafka-transport.events';

const TIMEOUT_MS = 90_000;
const ALL_BROKERS = -1;

/**
 * Faults hit a whole cluster, so this suite runs on a private mock cluster: the shared one
 * serves suites running in parallel. Each test closes its transports, so that an injected
 * request error meets the next test's clients only.
 */
describe('KafkaTransport under broker faults', () => {
  let mock: KafkaMock;
  const transports: KafkaTransport[] = [];
  const transportOnMock = (overrides: Partial<KafkaTransportOptions> = {}): KafkaTransport => {
    const transport = testTransport({ brokers: mock.brokers, ...overrides });
    transports.push(transport);
    return transport;
  };

  beforeAll(async () => {
    mock = await startKafkaMock({ brokers: 3 });
  }, TIMEOUT_MS);

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.close()));
  }, TIMEOUT_MS);

  afterAll(async () => {
    await mock?.stop();
  }, TIMEOUT_MS);

  it(
    'resumes publishing and consuming once the brokers are back, losing nothing',
    async () => {
      const transport = transportOnMock({
        // About four seconds of retries: the length of the outage below.
        producer: { retry: { initialRetryTime: 200, maxRetryTime: 1_000, retries: 6 } },
      });
      const topic = uniqueName('kafka-outage');
      await mock.control.createTopic(topic, 4);
      const handled = new Set<string>();
      await transport.subscribe(
        { groupId: uniqueName('kafka-outage-group'), topics: [topic] },
        (m: IncomingMessage) => Promise.resolve(void handled.add(decode(m.value))),
      );
      const batch = (label: string): OutgoingMessage[] =>
        Array.from({ length: 20 }, (_, i) => ({
          topic,
          key: `key-${i}`,
          value: encode(`${label}-${i}`),
          headers: {},
        }));
      const values = (label: string): string[] => batch(label).map((m) => decode(m.value));

      await transport.publish(batch('before'));
      await waitFor(() => values('before').every((v) => handled.has(v)), {
        message: 'the messages published before the outage',
      });

      const crashes: CrashEvent[] = [];
      transport.on(KafkaTransportEvents.Crash, (e) => void crashes.push(e));
      await mock.control.brokerDown(ALL_BROKERS);
      // The outage lasts as long as the producer's retries (seconds), not a guessed time: the
      // publish fails as transient, and its caller (the outbox relay) publishes again later.
      const failure = await transport.publish(batch('during')).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TransientError);
      await waitFor(() => crashes.length > 0, {
        message: 'the consumer to run into the unreachable brokers',
      });
      await mock.control.brokerUp(ALL_BROKERS);
      await transport.publish(batch('during'));
      await transport.publish(batch('after'));

      const expected = [...values('before'), ...values('during'), ...values('after')];
      await waitFor(() => expected.every((v) => handled.has(v)), {
        timeoutMs: 60_000,
        message: 'every message after the outage',
      });
      expect(expected.filter((v) => !handled.has(v))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'replaces a consumer that kafkajs gave up on after a non-retriable error',
    async () => {
      const own = transportOnMock();
      const topic = uniqueName('kafka-crash');
      await mock.control.createTopic(topic, 2);
      const handled: string[] = [];
      const restarts: RestartEvent[] = [];
      const crashes: CrashEvent[] = [];
      own.on(KafkaTransportEvents.Restart, (e) => void restarts.push(e));
      own.on(KafkaTransportEvents.Crash, (e) => void crashes.push(e));
      await own.subscribe({ groupId: uniqueName('kafka-crash-group'), topics: [topic] }, (m) =>
        Promise.resolve(void handled.push(decode(m.value))),
      );

      await mock.control.pushRequestErrors(KAFKA_API_KEY.Fetch, [
        KAFKA_ERROR_CODE.TopicAuthorizationFailed,
      ]);
      await waitFor(() => crashes.some((c) => !c.restart), {
        message: 'kafkajs to give up on the consumer',
      });
      await own.publish([{ topic, key: 'k', value: encode('after-crash'), headers: {} }]);

      await waitFor(() => handled.includes('after-crash'), {
        timeoutMs: 30_000,
        message: 'the replacement consumer to deliver',
      });
      expect(restarts.map((r) => r.reason)).toEqual(['crash']);
    },
    TIMEOUT_MS,
  );

  it(
    'starts a fresh consumer when a broker refuses the group join with an error kafkajs does not retry',
    async () => {
      const own = transportOnMock();
      const topic = uniqueName('kafka-sync-refused');
      await mock.control.createTopic(topic, 2);
      const handled: string[] = [];
      // What the mock answered once in a rebalance, failing a service's start.
      await mock.control.pushRequestErrors(KAFKA_API_KEY.SyncGroup, [
        KAFKA_ERROR_CODE.InvalidRequest,
      ]);
      await own.subscribe({ groupId: uniqueName('kafka-sync-group'), topics: [topic] }, (m) =>
        Promise.resolve(void handled.push(decode(m.value))),
      );
      await own.publish([{ topic, key: 'k', value: encode('after-refusal'), headers: {} }]);
      await waitFor(() => handled.includes('after-refusal'), {
        timeoutMs: 30_000,
        message: 'the fresh consumer to deliver',
      });
    },
    TIMEOUT_MS,
  );

  it(
    "maps a broker's size refusal to an oversized poison error",
    async () => {
      const own = transportOnMock();
      const topic = uniqueName('kafka-refused');
      await mock.control.createTopic(topic, 1);
      // Under the transport's own limit, over a stricter broker's.
      await mock.control.pushRequestErrors(KAFKA_API_KEY.Produce, [
        KAFKA_ERROR_CODE.MessageTooLarge,
      ]);
      const error = await own
        .publish([{ topic, key: 'k', value: encode('x'.repeat(1000)), headers: {} }])
        .catch((e: unknown) => e);
      expect(isPoisonMessageError(error) && error.reason).toBe('oversized');
      expect((error as { retriable: boolean }).retriable).toBe(false);
    },
    TIMEOUT_MS,
  );
});
