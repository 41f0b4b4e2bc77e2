import type { AuditEntry } from '../audit-log.port';
import { assertDomain } from './event-store-validation';
import { assertId, assertNonEmptyString, assertValidDate } from './values';

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
  assertValidDate(e.at, 'audit entry at');
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
