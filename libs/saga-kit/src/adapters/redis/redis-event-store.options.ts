import pino, { type Logger } from 'pino';
import { DEFAULT_KEY_PREFIX, assertKeyPrefix } from './redis-key-space';
import { assertInteger, definedOnly } from './redis-options.util';

/** Options of {@link RedisEventStore}. */
export interface RedisEventStoreOptions {
  /** First segment of every key (default `sagakit`). Must not contain braces. */
  keyPrefix?: string;
  /** Snapshots kept per stream, the newest by sequence (default 1). */
  snapshotsToKeep?: number;
  /**
   * Dedup records of a stream expire together this long after the stream last wrote one; a
   * command redelivered later would be handled again. 0 keeps them for ever (default 0): set it
   * longer than the longest redelivery window (the commands topic's retention) if at all.
   */
  dedupTtlMs?: number;
  /** Pages fetched per LRANGE when loading a stream, so a long stream never blocks Redis (default 500). */
  loadBatchSize?: number;
  /** Dirty streams `pending` visits per call at most, continuing where the last call stopped (default 256). */
  outboxStreamsPerPoll?: number;
  /** Queued messages `pending` considers per stream at most (default 500). */
  outboxBatchPerStream?: number;
  /**
   * How often `pending` first sweeps the keyspace for queues a crash left unlisted; the first
   * call always sweeps. 0 disables it; call `sweepOutbox()` yourself then (default 5 minutes).
   */
  outboxSweepIntervalMs?: number;
  /** Structured logger (default: pino at `info`). */
  logger?: Logger;
}

/** Defaults of {@link RedisEventStoreOptions}. */
export const REDIS_EVENT_STORE_DEFAULTS = {
  keyPrefix: DEFAULT_KEY_PREFIX,
  snapshotsToKeep: 1,
  dedupTtlMs: 0,
  loadBatchSize: 500,
  outboxStreamsPerPoll: 256,
  outboxBatchPerStream: 500,
  outboxSweepIntervalMs: 5 * 60_000,
} as const;

export type ResolvedRedisEventStoreOptions = Required<RedisEventStoreOptions>;

/** Applies defaults and rejects invalid values with a TypeError naming the option. */
export function resolveRedisEventStoreOptions(
  options: RedisEventStoreOptions,
): ResolvedRedisEventStoreOptions {
  const resolved: ResolvedRedisEventStoreOptions = {
    ...REDIS_EVENT_STORE_DEFAULTS,
    ...definedOnly(options),
    logger: options.logger ?? pino({ name: 'saga-kit.redis-event-store' }),
  };
  assertKeyPrefix(resolved.keyPrefix);
  assertInteger(resolved.snapshotsToKeep, 'snapshotsToKeep', 1);
  assertInteger(resolved.dedupTtlMs, 'dedupTtlMs', 0);
  assertInteger(resolved.loadBatchSize, 'loadBatchSize', 1);
  assertInteger(resolved.outboxStreamsPerPoll, 'outboxStreamsPerPoll', 1);
  assertInteger(resolved.outboxBatchPerStream, 'outboxBatchPerStream', 1);
  assertInteger(resolved.outboxSweepIntervalMs, 'outboxSweepIntervalMs', 0);
  return resolved;
}
