import { clone } from '@bufbuild/protobuf';
import { ConcurrencyError } from '../../errors/concurrency.error';
import {
  EventPageSchema,
  SnapshotSchema,
  type EventPage,
  type Snapshot,
} from '../../gen/sagakit/v1/envelope_pb';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  LoadOptions,
  LoadedStream,
  Outbox,
  OutboxMessage,
  StreamId,
} from '../../ports/event-store.port';
import {
  assertAckIds,
  assertAppendRequest,
  assertDedupKey,
  assertLoadOptions,
  assertSnapshot,
  assertStreamId,
} from '../../ports/validation/event-store-validation';
import { assertPositiveInteger } from '../../ports/validation/values';

/** Called with the messages an append just queued. */
export type OutboxListener = (messages: readonly OutboxMessage[]) => void;

interface StoredStream {
  readonly id: StreamId;
  readonly pages: EventPage[];
  readonly dedup: Map<string, Uint8Array>;
  snapshot?: Snapshot;
}

/**
 * The embedded event store and transactional outbox. Every append is one synchronous step, so
 * pages, dedup record and outbox messages are written together or not at all. Data is copied on
 * the way in and out: callers can never change what is stored.
 */
export class MemoryEventStore implements EventStore, Outbox {
  private readonly streamsByKey = new Map<string, StoredStream>();
  private queued: OutboxMessage[] = [];
  private readonly listeners = new Set<OutboxListener>();

  async load(stream: StreamId, options?: LoadOptions): Promise<LoadedStream> {
    assertStreamId(stream);
    assertLoadOptions(options);
    const stored = this.streamsByKey.get(keyOf(stream));
    if (!stored) return Promise.resolve({ pages: [], nextSequence: 0 });
    const snapshot = options?.useSnapshot ? stored.snapshot : undefined;
    const from = snapshot ? Number(snapshot.sequence) + 1 : 0;
    const loaded: LoadedStream = {
      pages: stored.pages.slice(from).map((p) => clone(EventPageSchema, p)),
      nextSequence: stored.pages.length,
    };
    if (snapshot) loaded.snapshot = clone(SnapshotSchema, snapshot);
    return Promise.resolve(loaded);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    assertAppendRequest(request);
    const { stream, expectedSequence, pages, dedup, outbox = [] } = request;
    const stored = this.streamsByKey.get(keyOf(stream));
    // Dedup before the sequence check: a redelivered command whose stream moved on since is a
    // duplicate, not a conflict to decide again.
    const first = dedup ? stored?.dedup.get(dedup.key) : undefined;
    if (first) return Promise.resolve({ status: 'duplicate', value: first.slice() });
    const actual = stored?.pages.length ?? 0;
    if (pages.length > 0 && expectedSequence !== actual) {
      throw new ConcurrencyError(`${stream.domain}/${stream.root}`, expectedSequence, actual);
    }
    const target = stored ?? this.createStream(stream);
    target.pages.push(...pages.map((p) => clone(EventPageSchema, p)));
    if (dedup) target.dedup.set(dedup.key, dedup.value.slice());
    const queued = outbox.map(copyMessage);
    this.queued.push(...queued);
    if (queued.length > 0) this.notify(queued);
    return Promise.resolve({ status: 'appended', nextSequence: target.pages.length });
  }

  async findDedup(stream: StreamId, key: string): Promise<Uint8Array | undefined> {
    assertStreamId(stream);
    assertDedupKey(key);
    return Promise.resolve(this.streamsByKey.get(keyOf(stream))?.dedup.get(key)?.slice());
  }

  /** Keeps the snapshot unless the stream already has one at a later sequence. */
  async saveSnapshot(stream: StreamId, snapshot: Snapshot): Promise<void> {
    assertStreamId(stream);
    const stored = this.streamsByKey.get(keyOf(stream));
    assertSnapshot(snapshot, stored?.pages.length ?? 0);
    if (stored && (!stored.snapshot || stored.snapshot.sequence <= snapshot.sequence)) {
      stored.snapshot = clone(SnapshotSchema, snapshot);
    }
    return Promise.resolve();
  }

  async pending(limit: number): Promise<OutboxMessage[]> {
    assertPositiveInteger(limit, 'limit');
    return Promise.resolve(this.queued.slice(0, limit).map(copyMessage));
  }

  async ack(ids: readonly string[]): Promise<void> {
    assertAckIds(ids);
    const done = new Set(ids);
    this.queued = this.queued.filter((m) => !done.has(m.id));
    return Promise.resolve();
  }

  /**
   * Calls `listener` (on a later microtask) with the messages each append queues, so an outbox
   * relay can publish at once instead of polling. Listener errors are ignored: the messages stay
   * pending until acknowledged. Returns a function that removes the listener.
   */
  onOutbox(listener: OutboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every stream that has been written to, in creation order. */
  streams(): StreamId[] {
    return [...this.streamsByKey.values()].map((s) => ({ ...s.id }));
  }

  private createStream(id: StreamId): StoredStream {
    const stream: StoredStream = {
      id: { domain: id.domain, root: id.root },
      pages: [],
      dedup: new Map(),
    };
    this.streamsByKey.set(keyOf(id), stream);
    return stream;
  }

  private notify(queued: readonly OutboxMessage[]): void {
    for (const listener of this.listeners) {
      queueMicrotask(() => {
        try {
          listener(queued.map(copyMessage));
        } catch {
          // A listener is only a nudge; the messages stay pending either way.
        }
      });
    }
  }
}

function keyOf(stream: StreamId): string {
  return `${stream.domain}\u0000${stream.root}`;
}

function copyMessage(m: OutboxMessage): OutboxMessage {
  return {
    id: m.id,
    topic: m.topic,
    key: m.key,
    value: m.value.slice(),
    headers: { ...m.headers },
  };
}
