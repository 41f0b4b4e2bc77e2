import type { AuditEntry, AuditLog } from '../../ports/audit-log.port';
import {
  assertAuditAggregate,
  assertAuditCorrelationId,
  assertAuditEntry,
} from '../../ports/validation/audit-log-validation';

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
