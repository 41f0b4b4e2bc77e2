/**
 * Fixtures shared by the Kafka integration specs. Not a test file itself (jest runs
 * `*.int.spec.ts`), and, as a spec file, never part of the library build.
 */
import pino, { type Logger } from 'pino';
import { isKafkaMock, kafkaBrokers, TEST_CONSUMER_CONFIG } from '../../../../../test/infra';
import { KafkaTransport } from './kafka-transport.adapter';
import type { KafkaTransportOptions } from './kafka-transport.options';

/** Log level of the transports under test: LOG_LEVEL=debug shows their (and kafkajs') logs. */
export const testLogLevel = process.env['LOG_LEVEL'] ?? 'silent';

/** Records every log line of a transport, for waiting on what it reported. */
export class LogRecorder {
  readonly records: Array<Record<string, unknown>> = [];
  readonly logger: Logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => void this.records.push(JSON.parse(line) as Record<string, unknown>),
    },
  );

  /** Whether a record from `from` on (an index into `records`) satisfies `predicate`. */
  has(predicate: (record: Record<string, unknown>) => boolean, from = 0): boolean {
    return this.records.slice(from).some(predicate);
  }
}

/**
 * The mock delays a rebalance of a non-empty group by the session timeout minus one second, so a
 * shorter session makes joins after the first quicker there (a real broker refuses under 6 s;
 * the mock drops members under 3 s, its first-join delay).
 */
export const testConsumerConfig = isKafkaMock()
  ? { ...TEST_CONSUMER_CONFIG, sessionTimeout: 4_000 }
  : TEST_CONSUMER_CONFIG;

/**
 * A transport on the test Kafka with test timings: the mock never wakes a fetch on produce, so
 * the fetch wait is the delivery latency; short group timeouts make rebalances quick.
 */
export function testTransport(overrides: Partial<KafkaTransportOptions> = {}): KafkaTransport {
  return new KafkaTransport({
    clientId: 'saga-kit-kafka-test',
    brokers: kafkaBrokers(),
    client: {
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
    },
    consumer: testConsumerConfig,
    redelivery: { initialDelayMs: 20, maxDelayMs: 200 },
    topicRefreshIntervalMs: 200,
    joinTimeoutMs: 30_000,
    logger: pino({ level: testLogLevel }),
    ...overrides,
  });
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
export const decode = (value: Uint8Array): string => new TextDecoder().decode(value);
