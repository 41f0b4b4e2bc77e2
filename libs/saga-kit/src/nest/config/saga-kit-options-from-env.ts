import { parseBrokerList } from '../../adapters/kafka/broker-list';
import { ConfigurationError } from '../../errors/configuration.error';
import type { SagaKitModuleOptions } from '../module/saga-kit-module-options.interface';

/** The part of a service's options the environment decides. */
export type EnvironmentOptions = Pick<
  SagaKitModuleOptions,
  'service' | 'transport' | 'store' | 'prefix' | 'escalationWebhooks'
>;

/**
 * A service's adapters from the environment: `KAFKA_BROKERS` (comma-separated `host:port`)
 * selects the Kafka transport, `REDIS_URL` the Redis event store and audit log; each falls back
 * to the embedded memory adapter when unset. `SAGAKIT_PREFIX` prefixes topics and Redis keys;
 * `SAGAKIT_TOPIC_PREFIX` and `SAGAKIT_KEY_PREFIX` override it for one of them (as the DLQ worker
 * and the CLI read them, so a deployment that splits the two splits them everywhere);
 * `KAFKA_MAX_WAIT_MS` bounds a consumer's fetch wait (kafkajs' default is 5000).
 * `ESCALATION_WEBHOOK_URL` with `ESCALATION_WEBHOOK_SECRET` turns escalation webhooks on (signed
 * with the first secret when it lists several, comma-separated, during a rotation).
 */
export function sagaKitOptionsFromEnv(
  service: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvironmentOptions {
  const brokers = parseBrokerList(env.KAFKA_BROKERS, 'KAFKA_BROKERS');
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  const prefix = env.SAGAKIT_PREFIX?.trim() || undefined;
  const topicPrefix = env.SAGAKIT_TOPIC_PREFIX?.trim() || prefix;
  const keyPrefix = env.SAGAKIT_KEY_PREFIX?.trim() || prefix;
  const maxWait = positiveInteger(env, 'KAFKA_MAX_WAIT_MS');
  const webhook = webhookFrom(env);
  return {
    service,
    ...(topicPrefix ? { prefix: topicPrefix } : {}),
    ...(webhook ? { escalationWebhooks: [webhook] } : {}),
    transport:
      brokers.length > 0
        ? {
            kind: 'kafka',
            brokers,
            ...(maxWait === undefined ? {} : { consumer: { maxWaitTimeInMs: maxWait } }),
          }
        : { kind: 'memory' },
    store: redisUrl
      ? { kind: 'redis', url: redisUrl, ...(keyPrefix ? { keyPrefix } : {}) }
      : { kind: 'memory' },
  };
}

function webhookFrom(
  env: Readonly<Record<string, string | undefined>>,
): { url: string; secret: string; name: string } | undefined {
  const url = env.ESCALATION_WEBHOOK_URL?.trim();
  if (!url) return undefined;
  // While a secret rotates the variable lists the next one first, then the current one (the DLQ
  // worker's receiver accepts every one listed): deliveries are signed with the first.
  const secret = (env.ESCALATION_WEBHOOK_SECRET ?? '').split(',')[0]!.trim();
  if (secret === '') {
    throw new ConfigurationError(
      'ESCALATION_WEBHOOK_URL is set but ESCALATION_WEBHOOK_SECRET is empty: deliveries are signed',
    );
  }
  return { url, secret, name: 'escalation' };
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
