import type { StreamId } from '../../ports/event-store.port';

/** Default first segment of every key the Redis adapters write. */
export const DEFAULT_KEY_PREFIX = 'sagakit';

/**
 * The keys of one aggregate stream. They all share the hash tag `{domain:root}`, so they live
 * in one Redis Cluster slot and one Lua script may touch them together.
 */
export interface StreamKeys {
  /** `<prefix>:{<domain>:<root>}`: the common part, also the member of the outbox dirty set. */
  readonly base: string;
  /** List of encoded EventPage bytes; the index of a page is its sequence. */
  readonly events: string;
  /** Hash: dedup key → value. */
  readonly dedup: string;
  /** Sorted set: encoded Snapshot bytes scored by their sequence. */
  readonly snapshots: string;
  /** Sorted set: queued outbox message id scored by its enqueue time (µs, strictly increasing). */
  readonly outbox: string;
  /** Hash: outbox message id → encoded message. */
  readonly outboxData: string;
  /** Hash of bookkeeping fields (`outbox-clock`). */
  readonly meta: string;
}

const OUTBOX_SUFFIX = ':outbox';

/** Checks a key prefix: braces would change which part of a key Redis Cluster hashes. */
export function assertKeyPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string' || !/^[^{}\s]+$/.test(prefix)) {
    throw new TypeError(
      `keyPrefix must be a non-empty string without braces or spaces, got ${JSON.stringify(prefix)}`,
    );
  }
}

/** The keys of one stream under `prefix`. */
export function streamKeys(prefix: string, stream: StreamId): StreamKeys {
  return keysOfBase(`${prefix}:{${stream.domain}:${stream.root}}`);
}

/** The keys of a stream from its base, as read back from the dirty set. */
export function keysOfBase(base: string): StreamKeys {
  return {
    base,
    events: `${base}:events`,
    dedup: `${base}:dedup`,
    snapshots: `${base}:snapshots`,
    outbox: `${base}${OUTBOX_SUFFIX}`,
    outboxData: `${base}:outbox-data`,
    meta: `${base}:meta`,
  };
}

/** Set of stream bases that may have queued outbox messages (one key: its own slot). */
export function outboxDirtyKey(prefix: string): string {
  return `${prefix}:outbox:dirty`;
}

/** SCAN pattern matching every stream's outbox sorted set under `prefix`. */
export function outboxScanPattern(prefix: string): string {
  return `${escapeGlob(prefix)}:{*}${OUTBOX_SUFFIX}`;
}

/** The stream base of an outbox key found by SCAN. */
export function baseOfOutboxKey(key: string): string {
  return key.slice(0, -OUTBOX_SUFFIX.length);
}

/** The keys of one audit index (per correlation id or per aggregate), all in one slot. */
export interface AuditIndexKeys {
  /** Sorted set: `<16-digit insertion counter><entry id>` scored by the entry's time (ms). */
  readonly order: string;
  /** Hash: entry id → encoded entry. */
  readonly entries: string;
  /** Insertion counter, to keep arrival order between entries of the same millisecond. */
  readonly counter: string;
}

/** Keys of the audit index of one correlation id. */
export function auditCorrelationKeys(prefix: string, correlationId: string): AuditIndexKeys {
  return auditKeysOfBase(`${prefix}:audit:{c:${correlationId}}`);
}

/** Keys of the audit index of one aggregate. */
export function auditAggregateKeys(prefix: string, domain: string, root: string): AuditIndexKeys {
  return auditKeysOfBase(`${prefix}:audit:{a:${domain}:${root}}`);
}

function auditKeysOfBase(base: string): AuditIndexKeys {
  return { order: `${base}:order`, entries: `${base}:entries`, counter: `${base}:counter` };
}

function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, '\\$&');
}
