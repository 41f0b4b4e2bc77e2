import {
  Kafka,
  logLevel,
  type Consumer,
  type ConsumerConfig,
  type ConsumerGroupJoinEvent,
  type KafkaConfig,
} from 'kafkajs';
import { mockKafkaControl, realKafkaControl, type KafkaControl } from './kafka-control';
import { requiredEnv, TEST_ENV } from './env';

/** Bootstrap servers of the test Kafka (mock or real), from KAFKA_BROKERS. */
export function kafkaBrokers(): string[] {
  return requiredEnv(TEST_ENV.kafkaBrokers)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

/** True when the tests run on the global setup's librdkafka mock rather than a real Kafka. */
export function isKafkaMock(): boolean {
  return (process.env[TEST_ENV.kafkaMockControl] ?? '') !== '';
}

/**
 * Controls the shared test Kafka. Fault injection works on the mock only and, being
 * cluster-wide, disturbs parallel suites: prefer a private `startKafkaMock()` for faults.
 */
export function kafkaControl(): KafkaControl {
  return isKafkaMock()
    ? mockKafkaControl(requiredEnv(TEST_ENV.kafkaMockControl))
    : realKafkaControl(testKafka('saga-kit-test-admin'));
}

/**
 * A kafkajs client for tests: silent (set KAFKAJS_LOG_LEVEL=debug to see its logs), quick to
 * give up, so that a broken broker fails a test instead of hanging it.
 */
export function testKafka(clientId: string, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
    ...overrides,
  });
}

/**
 * Consumer settings for tests: `kafka.consumer({ groupId, ...TEST_CONSUMER_CONFIG })`.
 * The mock never wakes a fetch on produce, so the fetch wait is the delivery latency;
 * short group timeouts make rebalances after a stopped consumer quick.
 */
export const TEST_CONSUMER_CONFIG = {
  maxWaitTimeInMs: 20,
  // 6 s is the smallest session timeout a default Kafka broker accepts.
  sessionTimeout: 6_000,
  heartbeatInterval: 500,
  rebalanceTimeout: 5_000,
  retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
} as const satisfies Omit<ConsumerConfig, 'groupId'>;

/**
 * Resolves when `consumer` has joined its group. Call it BEFORE `consumer.run()`, since the
 * event may fire before `run` resolves; rejects if the consumer crashes for good first.
 */
export function waitForGroupJoin(
  consumer: Consumer,
  { timeoutMs = 30_000 }: { timeoutMs?: number } = {},
): Promise<ConsumerGroupJoinEvent> {
  return new Promise((resolve, reject) => {
    const removers: Array<() => void> = [];
    const done = (): void => {
      clearTimeout(timer);
      removers.forEach((remove) => remove());
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the consumer did not join its group within ${timeoutMs} ms`));
    }, timeoutMs);
    removers.push(
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        done();
        resolve(event);
      }),
      consumer.on(consumer.events.CRASH, (event) => {
        if (event.payload.restart) return; // kafkajs will rejoin by itself
        done();
        reject(
          new Error('the consumer crashed before joining its group', {
            cause: event.payload.error,
          }),
        );
      }),
    );
  });
}
