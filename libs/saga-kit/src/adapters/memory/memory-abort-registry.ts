import type { AbortRecord, AbortRegistry } from '../../ports/abort-registry.port';
import { assertAbortRecord } from '../../ports/validation/abort-registry-validation';
import { assertId } from '../../ports/validation/values';

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
