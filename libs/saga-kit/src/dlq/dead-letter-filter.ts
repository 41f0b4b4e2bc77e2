import { DEAD_LETTER_STATUSES, type DeadLetterStatus } from './dead-letter-entry';

/** Which entries to list, count or replay. Every field narrows the selection. */
export interface DeadLetterFilter {
  domain?: string;
  reason?: string;
  component?: string;
  status?: DeadLetterStatus;
  /** Failure time at or after. */
  from?: Date;
  /** Failure time at or before. */
  to?: Date;
}

/** A filter with a page. */
export interface DeadLetterQuery extends DeadLetterFilter {
  /** Entries per page, 1..500 (default 50). */
  limit: number;
  /** Entries skipped, newest first (default 0). */
  offset: number;
}

/** The default and the largest page. */
export const DEAD_LETTER_PAGE = { defaultLimit: 50, maxLimit: 500 } as const;

/** A filter or page that cannot be understood; the API answers 400. */
export class DeadLetterFilterError extends Error {
  override readonly name = 'DeadLetterFilterError';
}

/** Duck-typed guard for {@link DeadLetterFilterError}. */
export function isDeadLetterFilterError(e: unknown): e is DeadLetterFilterError {
  return e instanceof Error && e.name === 'DeadLetterFilterError';
}

const TEXT_FIELDS = ['domain', 'reason', 'component'] as const;
const KNOWN = new Set<string>([...TEXT_FIELDS, 'status', 'from', 'to', 'limit', 'offset']);
// Printable, no spaces: domains, reasons and components are identifiers (`saga:hand-table`).
const TEXT_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Reads a filter and page from query-string values; unknown or malformed values throw. */
export function parseDeadLetterQuery(query: Record<string, unknown>): DeadLetterQuery {
  const filter = parseDeadLetterFilter(query, ['limit', 'offset']);
  return {
    ...filter,
    limit: integer(
      query.limit,
      'limit',
      1,
      DEAD_LETTER_PAGE.maxLimit,
      DEAD_LETTER_PAGE.defaultLimit,
    ),
    offset: integer(query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0),
  };
}

/** Reads a filter from query-string or JSON values; unknown or malformed values throw. */
export function parseDeadLetterFilter(
  input: Record<string, unknown>,
  alsoAllowed: readonly string[] = [],
): DeadLetterFilter {
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key) || (!alsoAllowed.includes(key) && (key === 'limit' || key === 'offset'))) {
      throw new DeadLetterFilterError(`unknown filter ${JSON.stringify(key)}`);
    }
  }
  const filter: DeadLetterFilter = {};
  for (const field of TEXT_FIELDS) {
    const value = input[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !TEXT_PATTERN.test(value)) {
      throw new DeadLetterFilterError(`${field} must be 1-200 printable characters without spaces`);
    }
    filter[field] = value;
  }
  const status = input.status;
  if (status !== undefined && status !== '') {
    if (!DEAD_LETTER_STATUSES.includes(status as DeadLetterStatus)) {
      throw new DeadLetterFilterError(`status must be one of ${DEAD_LETTER_STATUSES.join(', ')}`);
    }
    filter.status = status as DeadLetterStatus;
  }
  const from = time(input.from, 'from');
  const to = time(input.to, 'to');
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (from && to && from > to) throw new DeadLetterFilterError('from must not be after to');
  return filter;
}

/** The filter as query-string pairs (the inverse of {@link parseDeadLetterFilter}). */
export function filterToQuery(filter: DeadLetterFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of TEXT_FIELDS) if (filter[field]) out[field] = filter[field];
  if (filter.status) out.status = filter.status;
  if (filter.from) out.from = filter.from.toISOString();
  if (filter.to) out.to = filter.to.toISOString();
  return out;
}

function time(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date =
    typeof value === 'string' && /^\d+$/.test(value)
      ? new Date(Number(value))
      : typeof value === 'string'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new DeadLetterFilterError(`${name} must be an ISO 8601 time or epoch milliseconds`);
  }
  return date;
}

function integer(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new DeadLetterFilterError(`${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}
