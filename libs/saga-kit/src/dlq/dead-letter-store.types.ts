import type { DeadLetterEntry, DeadLetterReplay, DeadLetterStatus } from './dead-letter-entry';

/** Options of `RedisDeadLetterStore`. */
export interface RedisDeadLetterStoreOptions {
  /** First part of every key (default `sagakit:dlq`); keys are `<prefix>:{dlq}:...`. */
  keyPrefix?: string;
  /** Entries whose last failure is older are deleted, whatever their status; 0 keeps them (default 30 days). */
  retentionMs?: number;
  /** Beyond this many entries the oldest are deleted; 0 no limit (default 100 000). */
  maxEntries?: number;
}

/** Defaults of `RedisDeadLetterStoreOptions`. */
export const REDIS_DEAD_LETTER_STORE_DEFAULTS = {
  keyPrefix: 'sagakit:dlq',
  retentionMs: 30 * 24 * 60 * 60 * 1000,
  maxEntries: 100_000,
} as const;

/** A stored entry with the bytes it was stored from. */
export interface StoredDeadLetter {
  entry: DeadLetterEntry;
  /** The encoded `sagakit.v1.DeadLetter` (or the DLQ record's bytes when undecodable). */
  letter: Buffer;
  /** Headers of the DLQ record. */
  headers: Record<string, string>;
}

/** A page of entries, newest first. */
export interface DeadLetterPage {
  total: number;
  items: DeadLetterEntry[];
}

/** Entries per status and per domain, reason and component. */
export interface DeadLetterCounts {
  total: number;
  byStatus: Record<DeadLetterStatus, number>;
  byDomain: Record<string, number>;
  byReason: Record<string, number>;
  byComponent: Record<string, number>;
}

/** Outcome of `RedisDeadLetterStore.claimReplay`. */
export type ClaimOutcome =
  | { outcome: 'claimed' }
  | { outcome: 'replayed'; replay: DeadLetterReplay }
  | { outcome: 'busy' | 'discarded' | 'missing' };

/** Outcome of `RedisDeadLetterStore.discard`. */
export type DiscardOutcome =
  { outcome: 'discarded' | 'missing' } | { outcome: 'conflict'; status: DeadLetterStatus };
