import type { Logger } from 'pino';
import { deterministicId } from '../../messaging/ids';
import type { AuditEntry, AuditEntryKind, AuditLog } from '../../ports/audit-log.port';
import type { Clock } from '../../ports/clock.port';

/** An audit entry before the recorder stamps it: its id derives from `kind` and `key`. */
export type AuditFact = Omit<AuditEntry, 'id' | 'at'> & {
  /** What makes the fact unique within its kind, e.g. the command id. */
  key: readonly (string | number)[];
};

/** The id of an audit entry: deterministic, so a redelivered message records its fact once. */
export function auditEntryId(kind: AuditEntryKind, key: readonly (string | number)[]): string {
  return deterministicId('audit', kind, ...key);
}

/** Records facts through the `AuditLog` port with deterministic ids and the clock's time. */
export class AuditRecorder {
  constructor(
    private readonly log: AuditLog,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /**
   * Records one fact. Failures propagate: the caller's message is then retried or redelivered,
   * and the entry's deterministic id keeps the trail free of duplicates.
   */
  async record(fact: AuditFact): Promise<AuditEntry> {
    const { key, ...rest } = fact;
    const entry: AuditEntry = {
      ...dropUndefined(rest),
      id: auditEntryId(fact.kind, key),
      at: this.clock.now(),
    };
    await this.log.record(entry);
    this.logger?.debug(
      {
        kind: entry.kind,
        correlationId: entry.correlationId,
        domain: entry.domain,
        root: entry.root,
      },
      'audit entry recorded',
    );
    return entry;
  }

  /** Every entry of a correlation id, oldest first. */
  timeline(correlationId: string): Promise<AuditEntry[]> {
    return this.log.timeline(correlationId);
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
