/**
 * Environment variables through which the global setup hands the test infrastructure to
 * jest workers. Set KAFKA_BROKERS / REDIS_URL yourself to test against real services.
 */
export const TEST_ENV = {
  /** Comma-separated Kafka bootstrap servers, e.g. `localhost:29092`. */
  kafkaBrokers: 'KAFKA_BROKERS',
  /** `host:port` of the mock cluster's control channel; unset on real Kafka. */
  kafkaMockControl: 'KAFKA_MOCK_CONTROL',
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: 'REDIS_URL',
} as const;

/** Reads a variable the global setup must have provided, failing with a hint if it did not. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `${name} is not set: run this test through jest's int or e2e project ` +
        `(its global setup provides ${name}), or export ${name} yourself.`,
    );
  }
  return value;
}
