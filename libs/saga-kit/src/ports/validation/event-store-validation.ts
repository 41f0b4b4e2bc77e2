import { isMessage } from '@bufbuild/protobuf';
import { EventPageSchema, SnapshotSchema, type Snapshot } from '../../gen/sagakit/v1/envelope_pb';
import type { AppendRequest, LoadOptions, StreamId } from '../event-store.port';
import { assertOutgoingMessage } from './transport-validation';
import { assertId } from './values';

/**
 * A stream id: `domain` and `root` non-empty and lossless in UTF-8; the domain may not hold `:`,
 * `{` or `}`, so that `domain:root` names one stream only (the runtime's domain names are
 * `[a-z][a-z0-9-]*`).
 */
export function assertStreamId(stream: unknown): asserts stream is StreamId {
  const s = stream as Partial<Record<keyof StreamId, unknown>> | null | undefined;
  assertDomain(s?.domain, 'stream.domain');
  assertId(s?.root, 'stream.root');
}

/** Checks an aggregate's domain name; see {@link assertStreamId}. */
export function assertDomain(domain: unknown, what: string): asserts domain is string {
  assertId(domain, what);
  if (/[:{}]/.test(domain)) {
    throw new TypeError(`${what} may not contain ':', '{' or '}', got ${JSON.stringify(domain)}`);
  }
}

/** Load options are optional: `undefined` means the defaults; otherwise an object of known types. */
export function assertLoadOptions(options: unknown): asserts options is LoadOptions | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `load options must be an object or undefined, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const useSnapshot = (options as Record<keyof LoadOptions, unknown>).useSnapshot;
  if (useSnapshot !== undefined && typeof useSnapshot !== 'boolean') {
    throw new TypeError(
      `options.useSnapshot must be a boolean, got ${useSnapshot === null ? 'null' : typeof useSnapshot}`,
    );
  }
}

/** Checks the key given to `findDedup`. */
export function assertDedupKey(key: unknown): asserts key is string {
  assertId(key, 'dedup key');
}

/** Checks the ids given to `Outbox.ack`: an array of strings (unknown ids are ignored). */
export function assertAckIds(ids: unknown): asserts ids is readonly string[] {
  if (!Array.isArray(ids)) throw new TypeError('ack takes an array of message ids');
  ids.forEach((id: unknown, i) => {
    if (typeof id !== 'string') throw new TypeError(`ack ids[${i}] must be a string`);
  });
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
    assertId(d?.key, 'dedup.key');
    if (!(d.value instanceof Uint8Array)) throw new TypeError('dedup.value must be a Uint8Array');
  }
  if (r.outbox !== undefined) {
    if (!Array.isArray(r.outbox)) throw new TypeError('outbox must be an array');
    const ids = new Set<string>();
    r.outbox.forEach((m: unknown, i) => {
      assertOutgoingMessage(m, `outbox[${i}]`);
      const id = (m as { id?: unknown }).id;
      assertId(id, `outbox[${i}].id`);
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
