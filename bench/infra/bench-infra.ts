import { startKafkaMock, type KafkaMock } from '../../test/infra/kafka-mock';
import { startPrivateRedis, type PrivateRedis } from '../../test/infra/redis';
import type { BenchEnv } from './bench-env';

/** The Kafka and Redis of a run, started by the runner unless KAFKA_BROKERS / REDIS_URL are set. */
export interface BenchInfra {
  readonly env: BenchEnv;
  /** Human-readable description of each service, for the report. */
  readonly kafka: string;
  readonly redis: string;
  /** Stops what the runner started (never an external service); idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a librdkafka mock cluster of `mockBrokers` brokers and a private redis-server (no
 * persistence), or adopts `KAFKA_BROKERS` / `REDIS_URL`. Both helpers are children of this process
 * and die with it, even when it is killed.
 */
export async function startBenchInfra(options: { mockBrokers: number }): Promise<BenchInfra> {
  const externalBrokers = (process.env['KAFKA_BROKERS'] ?? '').trim();
  const externalRedis = (process.env['REDIS_URL'] ?? '').trim();
  let mock: KafkaMock | undefined;
  let redis: PrivateRedis | undefined;
  const stop = async (): Promise<void> => {
    await Promise.allSettled([mock?.stop(), redis?.stop()]);
  };
  try {
    [mock, redis] = await Promise.all([
      externalBrokers ? undefined : startKafkaMock({ brokers: options.mockBrokers }),
      externalRedis ? undefined : startPrivateRedis(),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const brokers = externalBrokers ? externalBrokers.split(',').map((b) => b.trim()) : mock!.brokers;
  return {
    env: {
      brokers,
      redisUrl: externalRedis || redis!.url,
      sharedRedis: externalRedis !== '',
      ...(mock ? { mockControl: mock.controlAddress } : {}),
    },
    kafka: mock
      ? `librdkafka mock cluster, ${options.mockBrokers} broker(s) (pid ${String(mock.pid)})`
      : `KAFKA_BROKERS=${externalBrokers}`,
    redis: redis
      ? `private redis-server, no persistence (${redis.url})`
      : `REDIS_URL=${externalRedis}`,
    stop,
  };
}
