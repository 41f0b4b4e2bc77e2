import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { closeRedis } from '../../adapters/redis/close-redis';
import { RedisAuditLog } from '../../adapters/redis/redis-audit-log.adapter';
import type { RedisClient } from '../../adapters/redis/redis-client.type';
import { RedisEventStore } from '../../adapters/redis/redis-event-store.adapter';
import type { RedisStoreConfig } from '../module/saga-kit-module-options.interface';
import { withTimeout, type BuiltPort } from './saga-kit-adapters';

/** How long `GET /health` waits for a Redis `PING`. */
const PING_TIMEOUT_MS = 2000;

/** One Redis connection shared by the store and the audit log of a service. */
export class RedisConnection {
  private client: RedisClient | undefined;
  private readonly owned: boolean;

  constructor(private readonly config: RedisStoreConfig) {
    this.owned = !config.client;
    this.client = config.client;
  }

  /** The client, created on first use: bounded retries so an unreachable Redis fails fast. */
  get(): RedisClient {
    if (!this.client) {
      if (!this.config.url) throw new TypeError('redis store config needs a url or a client');
      this.client = new Redis(this.config.url, { maxRetriesPerRequest: 3 });
    }
    return this.client;
  }

  async ping(): Promise<void> {
    await withTimeout(this.get().ping(), PING_TIMEOUT_MS, 'redis ping');
  }

  /** Quits the client if the module created it. */
  async close(): Promise<void> {
    if (!this.owned || !this.client) return;
    const client = this.client;
    this.client = undefined;
    await closeRedis(client);
  }
}

/** A Redis event store (with its outbox) on a shared connection. */
export function redisEventStore(
  connection: RedisConnection,
  config: RedisStoreConfig,
  logger: Logger,
): BuiltPort<RedisEventStore> {
  const store = new RedisEventStore(connection.get(), {
    ...config.store,
    ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}),
    logger: logger.child({ component: 'redis-event-store' }),
  });
  return { port: store, check: () => connection.ping(), close: () => connection.close() };
}

/** A Redis audit log on a shared connection. */
export function redisAuditLog(
  connection: RedisConnection,
  config: RedisStoreConfig,
): BuiltPort<RedisAuditLog> {
  const audit = new RedisAuditLog(connection.get(), {
    ...config.audit,
    ...(config.keyPrefix ? { keyPrefix: config.keyPrefix } : {}),
  });
  return { port: audit, check: () => connection.ping(), close: () => connection.close() };
}
