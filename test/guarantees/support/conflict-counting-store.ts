import {
  isConcurrencyError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type LoadOptions,
  type LoadedStream,
  type Snapshot,
  type StreamId,
} from '@saga-kit/core';

/** An event store that counts the appends it refused as concurrency conflicts. */
export class ConflictCountingStore implements EventStore {
  conflicts = 0;

  constructor(private readonly inner: EventStore) {}

  load(stream: StreamId, options?: LoadOptions): Promise<LoadedStream> {
    return this.inner.load(stream, options);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    try {
      return await this.inner.append(request);
    } catch (error) {
      if (isConcurrencyError(error)) this.conflicts++;
      throw error;
    }
  }

  findDedup(stream: StreamId, key: string): Promise<Uint8Array | undefined> {
    return this.inner.findDedup(stream, key);
  }

  saveSnapshot(stream: StreamId, snapshot: Snapshot): Promise<void> {
    return this.inner.saveSnapshot(stream, snapshot);
  }
}
