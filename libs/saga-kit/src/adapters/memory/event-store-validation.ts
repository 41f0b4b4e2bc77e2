import { isMessage } from '@bufbuild/protobuf';
import { EventPageSchema, SnapshotSchema, type Snapshot } from '../../gen/sagakit/v1/envelope_pb';
import type { AppendRequest, StreamId } from '../../ports/event-store.port';
import { assertOutgoingMessage } from './transport-validation';

export function assertStreamId(stream: unknown): asserts stream is StreamId {
  const s = stream as Partial<StreamId> | null | undefined;
  if (typeof s?.domain !== 'string' || s.domain.length === 0) {
    throw new TypeError('stream.domain must be a non-empty string');
  }
  if (typeof s.root !== 'string' || s.root.length === 0) {
    throw new TypeError('stream.root must be a non-empty string');
  }
}

export function assertSequence(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${what} must be a non-negative integer, got ${String(value)}`);
  }
}

/**
 * Checks an append request's shape: pages are EventPage messages numbered consecutively from
 * `expectedSequence`, dedup and outbox entries are well formed, outbox ids are unique.
 */
export function assertAppendRequest(request: unknown): asserts request is AppendRequest {
  if (typeof request !== 'object' || request === null)
    throw new TypeError('append request must be an object');
  const r = request as Partial<Record<keyof AppendRequest, unknown>>;
  assertStreamId(r.stream);
  assertSequence(r.expectedSequence, 'expectedSequence');
  const expected = r.expectedSequence;
  if (!Array.isArray(r.pages)) throw new TypeError('pages must be an array (possibly empty)');
  r.pages.forEach((page: unknown, i) => {
    if (!isMessage(page, EventPageSchema)) {
      throw new TypeError(`pages[${i}] must be a sagakit.v1.EventPage message`);
    }
    if (page.sequence !== BigInt(expected + i)) {
      throw new TypeError(
        `pages[${i}].sequence is ${page.sequence}, expected ${expected + i}: pages must be consecutive from expectedSequence`,
      );
    }
  });
  if (r.dedup !== undefined) {
    const d: { key?: unknown; value?: unknown } | null = r.dedup;
    if (typeof d?.key !== 'string' || d.key.length === 0)
      throw new TypeError('dedup.key must be a non-empty string');
    if (!(d.value instanceof Uint8Array)) throw new TypeError('dedup.value must be a Uint8Array');
  }
  if (r.outbox !== undefined) {
    if (!Array.isArray(r.outbox)) throw new TypeError('outbox must be an array');
    const ids = new Set<string>();
    r.outbox.forEach((m: unknown, i) => {
      assertOutgoingMessage(m, `outbox[${i}]`);
      const id = (m as { id?: unknown }).id;
      if (typeof id !== 'string' || id.length === 0)
        throw new TypeError(`outbox[${i}].id must be a non-empty string`);
      if (ids.has(id)) throw new TypeError(`outbox[${i}].id ${JSON.stringify(id)} appears twice`);
      ids.add(id);
    });
  }
}

/**
 * A snapshot must be a Snapshot message of a page the stream has. Without `nextSequence` (a
 * store that checks the page where the stream is), only the message is checked.
 */
export function assertSnapshot(
  snapshot: unknown,
  nextSequence?: number,
): asserts snapshot is Snapshot {
  if (!isMessage(snapshot, SnapshotSchema))
    throw new TypeError('snapshot must be a sagakit.v1.Snapshot message');
  if (nextSequence !== undefined && snapshot.sequence >= BigInt(nextSequence)) {
    throw snapshotBeyondStream(snapshot.sequence, nextSequence);
  }
}

/** The error for a snapshot of a page the stream does not have. */
export function snapshotBeyondStream(sequence: bigint, nextSequence: number): TypeError {
  return new TypeError(
    `snapshot.sequence ${sequence} is not a page of the stream (next sequence ${nextSequence})`,
  );
}
