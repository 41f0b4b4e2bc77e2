import type { AuditEntry } from '../../ports/audit-log.port';

/** Encodes an entry as JSON; `at` becomes an ISO-8601 string. */
export function encodeAuditEntry(entry: AuditEntry): string {
  return JSON.stringify({ ...entry, at: entry.at.toISOString() });
}

/** Decodes what `encodeAuditEntry` wrote, turning `at` back into a Date. */
export function decodeAuditEntry(json: string): AuditEntry {
  const parsed = JSON.parse(json) as Omit<AuditEntry, 'at'> & { at: unknown };
  const at = typeof parsed.at === 'string' ? new Date(parsed.at) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new Error('corrupt audit entry: invalid `at`');
  return { ...parsed, at };
}
