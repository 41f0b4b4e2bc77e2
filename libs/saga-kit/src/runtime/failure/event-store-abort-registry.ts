import type { AbortRecord, AbortRegistry } from '../../ports/abort-registry.port';
import type { EventStore, StreamId } from '../../ports/event-store.port';
import { assertAbortRecord } from '../../ports/validation/abort-registry-validation';
import { assertId } from '../../ports/validation/values';

/** Pseudo-domain of the streams that hold abort records. */
export const ABORT_STREAM_DOMAIN = 'sagakit-aborts';
const ABORTED = 'aborted';

/**
 * An abort registry on the `EventStore` port: each aborted flow is an idempotency record in the
 * stream `sagakit-aborts/<correlationId>`. It is the runtime's default, so `abort` is durable and
 * shared wherever the event store is (Redis in production) without configuring anything more.
 */
export class EventStoreAbortRegistry implements AbortRegistry {
  constructor(private readonly store: EventStore) {}

  async abort(record: AbortRecord): Promise<boolean> {
    assertAbortRecord(record);
    const value = Buffer.from(JSON.stringify({ ...record, at: record.at.toISOString() }), 'utf8');
    const result = await this.store.append({
      stream: this.stream(record.correlationId),
      expectedSequence: 0,
      pages: [],
      dedup: { key: ABORTED, value },
    });
    return result.status === 'appended';
  }

  async isAborted(correlationId: string): Promise<boolean> {
    return (await this.store.findDedup(this.stream(correlationId), ABORTED)) !== undefined;
  }

  async get(correlationId: string): Promise<AbortRecord | undefined> {
    const stored = await this.store.findDedup(this.stream(correlationId), ABORTED);
    if (!stored) return undefined;
    const parsed = JSON.parse(Buffer.from(stored).toString('utf8')) as Omit<AbortRecord, 'at'> & {
      at: string;
    };
    return { ...parsed, at: new Date(parsed.at) };
  }

  private stream(correlationId: string): StreamId {
    assertId(correlationId, 'correlationId');
    return { domain: ABORT_STREAM_DOMAIN, root: correlationId };
  }
}
