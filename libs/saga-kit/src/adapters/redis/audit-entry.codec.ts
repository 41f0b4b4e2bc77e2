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

const REQUIRED_STRINGS = ['id', 'correlationId', 'kind', 'domain', 'root', 'component'] as const;

/** Checks an entry's required fields, with the same rules as the memory audit log. */
export function assertAuditEntry(entry: unknown): asserts entry is AuditEntry {
  if (typeof entry !== 'object' || entry === null) {
    throw new TypeError('audit entry must be an object');
  }
  const e = entry as Partial<Record<keyof AuditEntry, unknown>>;
  for (const field of REQUIRED_STRINGS) {
    if (typeof e[field] !== 'string' || e[field] === '') {
      throw new TypeError(`audit entry ${field} must be a non-empty string`);
    }
  }
  if (!(e.at instanceof Date) || Number.isNaN(e.at.getTime())) {
    throw new TypeError('audit entry at must be a valid Date');
  }
}
