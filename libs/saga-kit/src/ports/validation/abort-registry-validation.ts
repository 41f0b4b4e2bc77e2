import type { AbortRecord } from '../abort-registry.port';
import { assertValidDate, assertWellFormed } from './values';

/** Checks an abort record; shared by the registry implementations. */
export function assertAbortRecord(record: unknown): asserts record is AbortRecord {
  if (typeof record !== 'object' || record === null) {
    throw new TypeError('an abort record must be an object');
  }
  const r = record as Partial<Record<keyof AbortRecord, unknown>>;
  if (typeof r.correlationId !== 'string' || r.correlationId === '') {
    throw new TypeError('an abort record needs a correlation id');
  }
  assertWellFormed(r.correlationId, 'abort record correlationId');
  for (const field of ['reason', 'domain', 'root'] as const) {
    if (typeof r[field] !== 'string') throw new TypeError(`abort record ${field} must be a string`);
  }
  assertValidDate(r.at, 'abort record at');
}
