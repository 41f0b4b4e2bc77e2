import type { AbortRecord, AbortRegistry } from '../../ports/abort-registry.port';
import { assertValidDate } from './memory-job-queue';
import { assertId, assertWellFormed } from './transport-validation';

/** The embedded abort registry: one process, kept in memory; the first abort of a flow wins. */
export class MemoryAbortRegistry implements AbortRegistry {
  private readonly records = new Map<string, AbortRecord>();

  async abort(record: AbortRecord): Promise<boolean> {
    assertAbortRecord(record);
    if (this.records.has(record.correlationId)) return Promise.resolve(false);
    this.records.set(record.correlationId, { ...record, at: new Date(record.at.getTime()) });
    return Promise.resolve(true);
  }

  async isAborted(correlationId: string): Promise<boolean> {
    assertId(correlationId, 'correlationId');
    return Promise.resolve(this.records.has(correlationId));
  }

  async get(correlationId: string): Promise<AbortRecord | undefined> {
    assertId(correlationId, 'correlationId');
    const found = this.records.get(correlationId);
    return Promise.resolve(found ? { ...found, at: new Date(found.at.getTime()) } : undefined);
  }
}

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
