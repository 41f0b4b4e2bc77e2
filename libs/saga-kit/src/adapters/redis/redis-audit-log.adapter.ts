import type { AuditEntry, AuditLog } from '../../ports/audit-log.port';
import {
  assertAuditAggregate,
  assertAuditCorrelationId,
  assertAuditEntry,
} from '../../ports/validation/audit-log-validation';
import { decodeAuditEntry, encodeAuditEntry } from './audit-entry.codec';
import type { RedisClient } from './redis-client.type';
import { withRedisErrors } from './redis-error.mapper';
import { readAuditScript, recordAuditScript } from './redis-audit-log.scripts';
import { assertInteger, definedOnly } from './redis-options.util';
import {
  DEFAULT_KEY_PREFIX,
  assertKeyPrefix,
  auditAggregateKeys,
  auditCorrelationKeys,
  type AuditIndexKeys,
} from './redis-key-space';
import { replyArray, replyBuffer } from './redis-script';

/** Options of {@link RedisAuditLog}. */
export interface RedisAuditLogOptions {
  /** First segment of every key (default `sagakit`). Must not contain braces. */
  keyPrefix?: string;
  /** An index (one correlation id, one aggregate) expires this long after its last new entry; 0 never (default 7 days). */
  retentionMs?: number;
  /** An index keeps its newest entries by time, at most this many; 0 no limit (default 10 000). */
  maxEntriesPerIndex?: number;
}

/** Defaults of {@link RedisAuditLogOptions}. */
export const REDIS_AUDIT_LOG_DEFAULTS = {
  keyPrefix: DEFAULT_KEY_PREFIX,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  maxEntriesPerIndex: 10_000,
} as const;

/**
 * The audit trail in Redis (standalone or Cluster), bounded in memory. Each entry is written
 * to two indexes, each in its own slot so a script can update it atomically:
 *
 * - `<prefix>:audit:{c:<correlationId>}:order|entries|counter` for `timeline`
 * - `<prefix>:audit:{a:<domain>:<root>}:order|entries|counter` for `history`
 *
 * `order` is a sorted set by the entry's time (ties in arrival order), `entries` a hash id →
 * JSON. An index ignores an id it holds already, so a redelivered fact is recorded once; a
 * retried `record` completes an index a crash left out. Retention: each index expires
 * `retentionMs` after its last new entry (default 7 days) and keeps at most
 * `maxEntriesPerIndex` entries (default 10 000), dropping the oldest by time; a trimmed id
 * recorded again reappears. Entries are stored twice (once per index) to keep reads one-slot.
 */
export class RedisAuditLog implements AuditLog {
  private readonly options: Required<RedisAuditLogOptions>;

  constructor(
    private readonly client: RedisClient,
    options: RedisAuditLogOptions = {},
  ) {
    this.options = { ...REDIS_AUDIT_LOG_DEFAULTS, ...definedOnly(options) };
    assertKeyPrefix(this.options.keyPrefix);
    assertInteger(this.options.retentionMs, 'retentionMs', 0);
    assertInteger(this.options.maxEntriesPerIndex, 'maxEntriesPerIndex', 0);
  }

  async record(entry: AuditEntry): Promise<void> {
    assertAuditEntry(entry);
    const args = [
      entry.id,
      entry.at.getTime(),
      encodeAuditEntry(entry),
      this.options.retentionMs,
      this.options.maxEntriesPerIndex,
    ];
    const prefix = this.options.keyPrefix;
    // One script per index (each index is one slot), sent together: one round trip on a
    // standalone Redis.
    const calls = [
      auditCorrelationKeys(prefix, entry.correlationId),
      auditAggregateKeys(prefix, entry.domain, entry.root),
    ].map((keys) => ({ keys: [keys.order, keys.entries, keys.counter], args }));
    await withRedisErrors('audit record', () => recordAuditScript.runEach(this.client, calls));
  }

  async timeline(correlationId: string): Promise<AuditEntry[]> {
    assertAuditCorrelationId(correlationId);
    return this.read(auditCorrelationKeys(this.options.keyPrefix, correlationId));
  }

  async history(domain: string, root: string): Promise<AuditEntry[]> {
    assertAuditAggregate(domain, root);
    return this.read(auditAggregateKeys(this.options.keyPrefix, domain, root));
  }

  private async read(keys: AuditIndexKeys): Promise<AuditEntry[]> {
    const reply = await withRedisErrors('audit read', () =>
      readAuditScript.run(this.client, [keys.order, keys.entries], []),
    );
    return replyArray(reply, 'audit read').map((json) =>
      decodeAuditEntry(replyBuffer(json, 'audit entry').toString('utf8')),
    );
  }
}
