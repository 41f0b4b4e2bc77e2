/**
 * Redis adapters (ioredis 5). Pass a standalone client or a cluster client; every multi-key
 * operation stays within one hash slot:
 *
 * ```ts
 * const store = new RedisEventStore(new Redis(process.env.REDIS_URL!));
 * const clustered = new RedisEventStore(
 *   new Cluster([{ host: 'redis-1', port: 6379 }], { redisOptions: { maxRetriesPerRequest: 3 } }),
 * );
 * ```
 *
 * Give the client a bounded `maxRetriesPerRequest` (and optionally `commandTimeout`): an
 * unreachable Redis then fails fast as a retriable TransientError instead of queueing for ever.
 */
export { RedisEventStore } from './redis-event-store.adapter';
export { DEFAULT_KEY_PREFIX } from './redis-key-space';
export {
  REDIS_EVENT_STORE_DEFAULTS,
  type RedisEventStoreOptions,
} from './redis-event-store.options';
export { RedisAuditLog, REDIS_AUDIT_LOG_DEFAULTS } from './redis-audit-log.adapter';
export type { RedisAuditLogOptions } from './redis-audit-log.adapter';
export type { RedisClient } from './redis-client.type';
export { isTransientRedisError } from './redis-error.mapper';
export { closeRedis } from './close-redis';
export { RedisJobQueue, REDIS_JOB_QUEUE_DEFAULTS, jobQueueKeys } from './redis-job-queue';
export type { JobQueueKeys, RedisJobQueueOptions } from './redis-job-queue';
export { RedisAbortRegistry, REDIS_ABORT_REGISTRY_DEFAULTS } from './redis-abort-registry';
export type { RedisAbortRegistryOptions } from './redis-abort-registry';
