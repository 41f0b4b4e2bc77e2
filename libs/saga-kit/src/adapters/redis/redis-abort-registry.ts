import type { AbortRecord, AbortRegistry } from '../../ports/abort-registry.port';
import { assertAbortRecord } from '../../ports/validation/abort-registry-validation';
import { assertId } from '../../ports/validation/values';
import type { RedisClient } from './redis-client.type';
import { withRedisErrors } from './redis-error.mapper';
import { assertInteger, definedOnly } from './redis-options.util';
import { DEFAULT_KEY_PREFIX, assertKeyPrefix } from './redis-key-space';

/** Options of {@link RedisAbortRegistry}. */
export interface RedisAbortRegistryOptions {
  /** First segment of every key (default `sagakit`). Must not contain braces. */
  keyPrefix?: string;
  /** An abort record expires this long after it was written; 0 never (default 30 days). */
  retentionMs?: number;
}

/** Defaults of {@link RedisAbortRegistryOptions}. */
export const REDIS_ABORT_REGISTRY_DEFAULTS = {
  keyPrefix: DEFAULT_KEY_PREFIX,
  retentionMs: 30 * 24 * 60 * 60 * 1000,
} as const;

/**
 * Aborted flows in Redis: one key per correlation id, `<prefix>:abort:{<correlationId>}`, holding
 * the record as JSON, written with `SET NX` so the first abort wins. Every saga of the system
 * consults it before issuing commands (one GET), so every service must use the same Redis.
 */
export class RedisAbortRegistry implements AbortRegistry {
  private readonly prefix: string;
  private readonly retentionMs: number;

  constructor(
    private readonly client: RedisClient,
    options: RedisAbortRegistryOptions = {},
  ) {
    const resolved = { ...REDIS_ABORT_REGISTRY_DEFAULTS, ...definedOnly(options) };
    assertKeyPrefix(resolved.keyPrefix);
    assertInteger(resolved.retentionMs, 'retentionMs', 0);
    this.prefix = resolved.keyPrefix;
    this.retentionMs = resolved.retentionMs;
  }

  async abort(record: AbortRecord): Promise<boolean> {
    assertAbortRecord(record);
    const key = this.key(record.correlationId);
    const value = JSON.stringify({ ...record, at: record.at.toISOString() });
    const reply = await withRedisErrors('abort', () =>
      this.retentionMs > 0
        ? this.client.set(key, value, 'PX', this.retentionMs, 'NX')
        : this.client.set(key, value, 'NX'),
    );
    return reply === 'OK';
  }

  async isAborted(correlationId: string): Promise<boolean> {
    const key = this.key(correlationId);
    return (await withRedisErrors('abort check', () => this.client.exists(key))) === 1;
  }

  async get(correlationId: string): Promise<AbortRecord | undefined> {
    const key = this.key(correlationId);
    const json = await withRedisErrors('abort read', () => this.client.get(key));
    if (json === null) return undefined;
    const parsed = JSON.parse(json) as Omit<AbortRecord, 'at'> & { at: string };
    return { ...parsed, at: new Date(parsed.at) };
  }

  private key(correlationId: string): string {
    assertId(correlationId, 'correlationId');
    return `${this.prefix}:abort:{${correlationId}}`;
  }
}
