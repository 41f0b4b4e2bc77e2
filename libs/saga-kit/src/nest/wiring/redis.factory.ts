import { Redis } from 'ioredis';
import type { Logger } from 'pino';
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
    // QUIT waits for the connection; a client that never got one just stops reconnecting.
    if (client.status !== 'ready') {
      disconnect(client);
      return;
    }
    await client.quit().catch(() => client.disconnect());
  }
}

/**
 * Stops a client that has no connection. ioredis ends the client's socket and arms a timer
 * (`disconnectTimeout`, 2 s) to destroy it, cleared when the socket emits `close`. A client
 * waiting to reconnect still holds its last socket, which closed already and never emits
 * `close` again: the timer would hold the process for 2 s after shutdown. Replaying `close` on
 * that dead socket clears it (ioredis' own `close` listener was a `once`, gone already).
 */
function disconnect(client: RedisClient): void {
  const stream = client instanceof Redis ? client.stream : undefined;
  const closedAlready = stream?.destroyed === true;
  client.disconnect();
  if (closedAlready) stream.emit('close', false);
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
