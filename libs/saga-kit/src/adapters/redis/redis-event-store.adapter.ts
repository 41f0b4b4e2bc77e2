import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
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
  snapshotBeyondStream,
} from '../../ports/validation/event-store-validation';
import { assertPositiveInteger } from '../../ports/validation/values';
import { encodeOutboxMessage } from './outbox-message.codec';
import type { RedisClient } from './redis-client.type';
import { withRedisErrors } from './redis-error.mapper';
import {
  resolveRedisEventStoreOptions,
  type RedisEventStoreOptions,
  type ResolvedRedisEventStoreOptions,
} from './redis-event-store.options';
import { appendScript, loadHeadScript, saveSnapshotScript } from './redis-event-store.scripts';
import { RedisOutboxReader } from './redis-outbox.reader';
import { streamKeys, type StreamKeys } from './redis-key-space';
import { replyArray, replyBuffer, replyInteger } from './redis-script';

/**
 * Event streams, idempotency records and a transactional outbox in Redis (standalone or
 * Cluster). Each stream's keys share the hash tag `{domain:root}`:
 *
 * - `<prefix>:{d:r}:events` list of EventPage bytes, index = sequence (O(1) append, LRANGE reads)
 * - `<prefix>:{d:r}:dedup` hash dedup key → value (kept for ever unless `dedupTtlMs`)
 * - `<prefix>:{d:r}:snapshots` sorted set of Snapshot bytes by sequence (newest `snapshotsToKeep`)
 * - `<prefix>:{d:r}:outbox` / `:outbox-data` queued message ids by enqueue time / their bytes
 * - `<prefix>:{d:r}:meta` hash with the outbox clock
 * - `<prefix>:outbox:dirty` set of streams that may have queued messages (see RedisOutboxReader)
 *
 * An append is one Lua script: dedup check, sequence check, pages, dedup record and outbox
 * messages, all or nothing. Unavailability of Redis surfaces as a retriable `TransientError`.
 */
export class RedisEventStore implements EventStore, Outbox {
  private readonly options: ResolvedRedisEventStoreOptions;
  private readonly outbox: RedisOutboxReader;
  private readonly logger: Logger;

  constructor(
    private readonly client: RedisClient,
    options: RedisEventStoreOptions = {},
  ) {
    this.options = resolveRedisEventStoreOptions(options);
    this.logger = this.options.logger;
    this.outbox = new RedisOutboxReader(client, {
      keyPrefix: this.options.keyPrefix,
      streamsPerPoll: this.options.outboxStreamsPerPoll,
      batchPerStream: this.options.outboxBatchPerStream,
      sweepIntervalMs: this.options.outboxSweepIntervalMs,
      logger: this.logger,
    });
  }

  async load(stream: StreamId, options?: LoadOptions): Promise<LoadedStream> {
    const keys = this.keysOf(stream);
    assertLoadOptions(options);
    const reply = await withRedisErrors('load', () =>
      loadHeadScript.run(
        this.client,
        [keys.events, keys.snapshots],
        [options?.useSnapshot ? 1 : 0, this.options.loadBatchSize],
      ),
    );
    const [length, snapshotBytes, firstSequence, firstBatch] = replyArray(reply, 'load');
    const nextSequence = replyInteger(length, 'next sequence');
    const snapshot =
      snapshotBytes === null
        ? undefined
        : fromBinary(SnapshotSchema, replyBuffer(snapshotBytes, 'snapshot'));
    // The page after the snapshot (its score, which is its sequence), or 0: where the script
    // started the first batch.
    const from = replyInteger(firstSequence, 'first sequence');
    const head = replyArray(firstBatch, 'pages').map((page) =>
      fromBinary(EventPageSchema, replyBuffer(page, 'page')),
    );
    const rest = await this.readPages(keys, from + head.length, nextSequence);
    const loaded: LoadedStream = {
      pages: [...head, ...rest],
      nextSequence,
    };
    if (snapshot) loaded.snapshot = snapshot;
    return loaded;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    assertAppendRequest(request);
    const { stream, expectedSequence, pages, dedup, outbox = [] } = request;
    const keys = this.keysOf(stream);
    if (outbox.length > 0) {
      // Listed before the script runs: a crash in between leaves a harmless marker, never an
      // unlisted message.
      await this.outbox.markDirty(keys);
    }
    const args = [
      expectedSequence,
      dedup ? 1 : 0,
      dedup?.key ?? '',
      dedup ? Buffer.from(dedup.value) : '',
      this.options.dedupTtlMs,
      pages.length,
      outbox.length,
      ...pages.map((page) => Buffer.from(toBinary(EventPageSchema, page))),
      ...outbox.flatMap((m) => [m.id, encodeOutboxMessage(m)]),
    ];
    const reply = replyArray(
      await withRedisErrors('append', () =>
        appendScript.run(
          this.client,
          [keys.events, keys.dedup, keys.outbox, keys.outboxData, keys.meta],
          args,
        ),
      ),
      'append',
    );
    const status = replyBuffer(reply[0], 'append status').toString();
    switch (status) {
      case 'duplicate':
        return { status, value: new Uint8Array(replyBuffer(reply[1], 'dedup value')) };
      case 'conflict': {
        const actual = replyInteger(reply[1], 'actual sequence');
        throw new ConcurrencyError(`${stream.domain}/${stream.root}`, expectedSequence, actual);
      }
      case 'appended':
        if (replyInteger(reply[2], 'outbox was empty') === 1) await this.relist(keys);
        return { status, nextSequence: replyInteger(reply[1], 'next sequence') };
      default:
        throw new Error(`unexpected append script status ${JSON.stringify(status)}`);
    }
  }

  async findDedup(stream: StreamId, key: string): Promise<Uint8Array | undefined> {
    const keys = this.keysOf(stream);
    assertDedupKey(key);
    const value = await withRedisErrors('find dedup', () =>
      this.client.hgetBuffer(keys.dedup, key),
    );
    return value === null ? undefined : new Uint8Array(value);
  }

  /** Keeps the newest `snapshotsToKeep` snapshots by sequence; an older one saved late is dropped. */
  async saveSnapshot(stream: StreamId, snapshot: Snapshot): Promise<void> {
    const keys = this.keysOf(stream);
    assertSnapshot(snapshot);
    const reply = await withRedisErrors('save snapshot', () =>
      saveSnapshotScript.run(
        this.client,
        [keys.events, keys.snapshots],
        [
          snapshot.sequence.toString(),
          Buffer.from(toBinary(SnapshotSchema, snapshot)),
          this.options.snapshotsToKeep,
        ],
      ),
    );
    const [status, nextSequence] = replyArray(reply, 'save snapshot');
    if (replyBuffer(status, 'snapshot status').toString() === 'invalid') {
      throw snapshotBeyondStream(snapshot.sequence, replyInteger(nextSequence, 'next sequence'));
    }
  }

  /** Queued messages, oldest first within each stream, at most `limit`; see RedisOutboxReader. */
  async pending(limit: number): Promise<OutboxMessage[]> {
    assertPositiveInteger(limit, 'limit');
    return this.outbox.pending(limit);
  }

  async ack(ids: readonly string[]): Promise<void> {
    assertAckIds(ids);
    if (ids.length > 0) await this.outbox.ack(ids);
  }

  /** Re-lists every stream with queued messages that a crash left unlisted; returns how many. */
  async sweepOutbox(): Promise<number> {
    return this.outbox.sweep();
  }

  private keysOf(stream: StreamId): StreamKeys {
    assertStreamId(stream);
    return streamKeys(this.options.keyPrefix, stream);
  }

  /**
   * The queue was empty before this append, so an ack may have cleared the marker set before
   * the script. The append itself has succeeded: a failure here is logged, not thrown, since
   * retrying the whole append could duplicate it; the sweep re-lists the stream.
   */
  private async relist(keys: StreamKeys): Promise<void> {
    try {
      await this.outbox.markDirty(keys);
    } catch (error) {
      this.logger.warn(
        { err: error, stream: keys.base },
        'outbox marker not renewed after append; the next sweep will renew it',
      );
    }
  }

  /** Pages `[from, to)`, in batches; pages are immutable once written, so batches agree. */
  private async readPages(keys: StreamKeys, from: number, to: number): Promise<EventPage[]> {
    const batches: Promise<Buffer[]>[] = [];
    for (let start = from; start < to; start += this.options.loadBatchSize) {
      const stop = Math.min(start + this.options.loadBatchSize, to) - 1;
      batches.push(
        withRedisErrors('load', () => this.client.lrangeBuffer(keys.events, start, stop)),
      );
    }
    const pages = (await Promise.all(batches)).flat();
    if (pages.length !== to - from) {
      throw new Error(`stream ${keys.base} returned ${pages.length} pages, expected ${to - from}`);
    }
    return pages.map((bytes) => fromBinary(EventPageSchema, bytes));
  }
}
