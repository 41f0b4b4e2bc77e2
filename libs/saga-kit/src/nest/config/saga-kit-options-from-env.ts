import { ConfigurationError } from '../../errors/configuration.error';
import type { SagaKitModuleOptions } from '../module/saga-kit-module-options.interface';

/** The part of a service's options the environment decides. */
export type EnvironmentOptions = Pick<
  SagaKitModuleOptions,
  'service' | 'transport' | 'store' | 'prefix'
>;

/**
 * A service's adapters from the environment: `KAFKA_BROKERS` (comma-separated `host:port`)
 * selects the Kafka transport, `REDIS_URL` the Redis event store and audit log; each falls back
 * to the embedded memory adapter when unset. `SAGAKIT_PREFIX` prefixes topics and Redis keys;
 * `KAFKA_MAX_WAIT_MS` bounds a consumer's fetch wait (kafkajs' default is 5000).
 */
export function sagaKitOptionsFromEnv(
  service: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvironmentOptions {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const prefix = env.SAGAKIT_PREFIX?.trim() || undefined;
  const maxWait = positiveInteger(env, 'KAFKA_MAX_WAIT_MS');
  return {
    service,
    ...(prefix ? { prefix } : {}),
    transport:
      brokers.length > 0
        ? {
            kind: 'kafka',
            brokers,
            ...(maxWait === undefined ? {} : { consumer: { maxWaitTimeInMs: maxWait } }),
          }
        : { kind: 'memory' },
    store: redisUrl
      ? { kind: 'redis', url: redisUrl, ...(prefix ? { keyPrefix: prefix } : {}) }
      : { kind: 'memory' },
  };
}

function positiveInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}
