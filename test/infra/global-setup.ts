import { TEST_ENV } from './env';
import { releaseInfra, saveInfraState, type InfraState } from './infra-state';
import { startKafkaMock } from './kafka-mock';
import { startPrivateRedis } from './redis';

/**
 * Jest global setup of the int and e2e projects: reuses KAFKA_BROKERS / REDIS_URL when set,
 * otherwise starts a librdkafka mock cluster and a private Redis, and publishes them through
 * environment variables, which the workers forked after this hook inherit.
 */
export default async function globalSetup(): Promise<void> {
  const state: InfraState = { stops: [], env: [] };
  const setEnv = (name: string, value: string): void => {
    process.env[name] = value;
    state.env.push(name);
  };
  try {
    if (!process.env[TEST_ENV.kafkaBrokers]) {
      const mock = await startKafkaMock({ brokers: 3 });
      state.stops.push(mock.stop);
      setEnv(TEST_ENV.kafkaBrokers, mock.brokers.join(','));
      setEnv(TEST_ENV.kafkaMockControl, mock.controlAddress);
    }
    if (!process.env[TEST_ENV.redisUrl]) {
      const redis = await startPrivateRedis();
      state.stops.push(redis.stop);
      setEnv(TEST_ENV.redisUrl, redis.url);
    }
    // Clients of the code under test may log at WARN; this notice is noise in tests.
    if (process.env['KAFKAJS_NO_PARTITIONER_WARNING'] === undefined) {
      setEnv('KAFKAJS_NO_PARTITIONER_WARNING', '1');
    }
  } catch (error) {
    // Jest runs no teardown when the setup fails: release what was started here.
    await releaseInfra(state).catch(() => undefined);
    throw error;
  }
  saveInfraState(state);
  const kafka = process.env[TEST_ENV.kafkaMockControl] ? 'librdkafka mock' : 'external';
  process.stderr.write(
    `\ntest infra: Kafka ${process.env[TEST_ENV.kafkaBrokers]} (${kafka}), ` +
      `Redis ${process.env[TEST_ENV.redisUrl]}\n`,
  );
}
