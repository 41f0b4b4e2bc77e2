import type { EventPage, Snapshot } from '../gen/sagakit/v1/envelope_pb';
import type { OutgoingMessage } from './transport.port';

/**
 * One aggregate stream. `root` is the UUID string form of the 16-byte root. Both are non-empty
 * strings without lone UTF-16 surrogates (UTF-8 could not carry them), and `domain` holds no
 * `:`, `{` or `}`, so that `domain:root` names one stream only.
 */
export interface StreamId {
  domain: string;
  root: string;
}

export interface LoadOptions {
  /** Return the latest snapshot (if any) and only the pages after it. */
  useSnapshot?: boolean;
}

export interface LoadedStream {
  /** Pages in sequence order (after `snapshot.sequence` when a snapshot is returned). */
  pages: EventPage[];
  /** The sequence the next appended page will get (0 for a new stream). */
  nextSequence: number;
  snapshot?: Snapshot;
}

/** A message queued for publishing in the same atomic step as an append. */
export interface OutboxMessage extends OutgoingMessage {
  /** Unique id; also sent as the `message-id` header so consumers can dedup. */
  id: string;
}

/** An idempotency record: what a command or notification id produced. */
export interface DedupRecord {
  key: string;
  value: Uint8Array;
}

export interface AppendRequest {
  stream: StreamId;
  /** The stream's next sequence as the caller read it; pages get consecutive sequences from it. */
  expectedSequence: number;
  /** May be empty: an append of only a dedup record and outbox messages (e.g. a rejection). */
  pages: readonly EventPage[];
  /** Written atomically with the pages; if the key exists already, nothing is written. */
  dedup?: DedupRecord;
  /** Queued atomically with the pages (transactional outbox). */
  outbox?: readonly OutboxMessage[];
}

export type AppendResult =
  | { status: 'appended'; nextSequence: number }
  /** The dedup key existed: nothing was written; `value` is what was stored with it first. */
  | { status: 'duplicate'; value: Uint8Array };

/**
 * Event streams with optimistic concurrency, idempotency records and a transactional outbox.
 * `append` throws `ConcurrencyError` when pages are given and `expectedSequence` is not the
 * stream's next sequence. An append without pages skips that check.
 *
 * Bad input is refused with a `TypeError` naming the bad argument, before anything is read or
 * written, never answered with an empty result: a malformed `StreamId`, an `expectedSequence`
 * that is not a non-negative safe integer, pages not numbered consecutively from it, a dedup key
 * or outbox id that is empty, not a string or holds a lone surrogate, a malformed outbox message.
 */
export interface EventStore {
  /**
   * `options` is optional: `undefined` means the defaults. Anything else must be an object
   * (`null` is a `TypeError`), and `useSnapshot`, if given, a boolean.
   */
  load(stream: StreamId, options?: LoadOptions): Promise<LoadedStream>;
  append(request: AppendRequest): Promise<AppendResult>;
  /** The value stored with a dedup key (a non-empty string), if that key was recorded. */
  findDedup(stream: StreamId, key: string): Promise<Uint8Array | undefined>;
  saveSnapshot(stream: StreamId, snapshot: Snapshot): Promise<void>;
}

/** The publishing side of the transactional outbox. */
export interface Outbox {
  /** Queued messages not yet acknowledged, oldest first, at most `limit` (a positive integer). */
  pending(limit: number): Promise<OutboxMessage[]>;
  /** Removes published messages; unknown ids are ignored, ids that are not strings a TypeError. */
  ack(ids: readonly string[]): Promise<void>;
}
