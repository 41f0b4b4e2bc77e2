import type { AuditEntry, AuditLog } from '../../ports/audit-log.port';
import { assertDomain } from './event-store-validation';
import { assertId, assertNonEmptyString } from './transport-validation';

/** The embedded audit log: idempotent by entry id; timelines ordered by time, then by arrival. */
export class MemoryAuditLog implements AuditLog {
  private readonly entries = new Map<string, AuditEntry>();

  async record(entry: AuditEntry): Promise<void> {
    assertAuditEntry(entry);
    // The first recording of a fact wins: a redelivered message records nothing new.
    if (!this.entries.has(entry.id)) this.entries.set(entry.id, structuredClone(entry));
    return Promise.resolve();
  }

  async timeline(correlationId: string): Promise<AuditEntry[]> {
    assertAuditCorrelationId(correlationId);
    return Promise.resolve(this.select((e) => e.correlationId === correlationId));
  }

  async history(domain: string, root: string): Promise<AuditEntry[]> {
    assertAuditAggregate(domain, root);
    return Promise.resolve(this.select((e) => e.domain === domain && e.root === root));
  }

  /** Every entry, oldest first. */
  all(): AuditEntry[] {
    return this.select(() => true);
  }

  private select(predicate: (entry: AuditEntry) => boolean): AuditEntry[] {
    // Map iteration is arrival order and Array.prototype.sort is stable: ties keep arrival order.
    return [...this.entries.values()]
      .filter(predicate)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => structuredClone(e));
  }
}

/** Checks an audit entry's required fields; shared by the audit log implementations. */
export function assertAuditEntry(entry: unknown): asserts entry is AuditEntry {
  if (typeof entry !== 'object' || entry === null)
    throw new TypeError('audit entry must be an object');
  const e = entry as Partial<Record<keyof AuditEntry, unknown>>;
  assertId(e.id, 'audit entry id');
  assertId(e.correlationId, 'audit entry correlationId');
  assertNonEmptyString(e.kind, 'audit entry kind');
  assertDomain(e.domain, 'audit entry domain');
  assertId(e.root, 'audit entry root');
  assertNonEmptyString(e.component, 'audit entry component');
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) {
    throw new TypeError('audit entry at must be a valid Date');
  }
}

/** Checks the correlation id asked for in `timeline`; shared by the audit log implementations. */
export function assertAuditCorrelationId(correlationId: unknown): asserts correlationId is string {
  assertId(correlationId, 'correlationId');
}

/** Checks the aggregate asked for in `history`; shared by the audit log implementations. */
export function assertAuditAggregate(domain: unknown, root: unknown): void {
  assertDomain(domain, 'domain');
  assertId(root, 'root');
}
