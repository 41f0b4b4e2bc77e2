import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { EventPageSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import {
  CompensateSchema,
  NoOpSchema,
  RevocationSchema,
  type NoOp,
} from '../../gen/sagakit/v1/failure_pb';
import { decode, typeNameOf } from '../../messaging/type-registry';
import { toSequence, toWireSequence } from '../envelope/sequence';

/** A stream as business logic reads it. */
export interface ReadTimeView {
  /** The pages in order, revoked events and undo markers replaced by `NoOp`. */
  readonly pages: EventPage[];
  /** Sequences hidden by `Revocation` markers. */
  readonly revoked: ReadonlySet<number>;
  /** Sequences named by `Compensate` markers (still visible). */
  readonly compensated: ReadonlySet<number>;
  /** Sequences of the markers themselves. */
  readonly markers: ReadonlySet<number>;
  /** For each revoked or compensated sequence, the marker that undid it and its reason. */
  readonly undoneBy: ReadonlyMap<number, UndoneBy>;
}

/** The marker that revoked or compensated an event. */
export interface UndoneBy {
  readonly kind: 'revocation' | 'compensate';
  /** Sequence of the marker. */
  readonly marker: number;
  readonly reason: string;
}

type Marker = { kind: 'revocation' | 'compensate'; sequences: number[]; reason: string };

/** The undo marker a page holds, if it holds one. */
export function readMarker(page: EventPage): Marker | undefined {
  if (!page.event) return undefined;
  const type = typeNameOf(page.event.typeUrl);
  if (type === RevocationSchema.typeName) {
    const m = decode(RevocationSchema, page.event.value, 'Revocation marker');
    return { kind: 'revocation', sequences: m.sequences.map(toSequence), reason: m.reason };
  }
  if (type === CompensateSchema.typeName) {
    const m = decode(CompensateSchema, page.event.value, 'Compensate marker');
    return { kind: 'compensate', sequences: m.sequences.map(toSequence), reason: m.reason };
  }
  return undefined;
}

/**
 * Applies the undo markers of a stream, purely. A `Revocation{sequences, reason}` makes each
 * listed earlier event read as `NoOp{original_sequence, reason}`: it never happened. A
 * `Compensate` marker leaves the events it names visible (their inverse events are appended by
 * `@Compensate` handlers). Every marker itself reads as `NoOp`. A marker only acts on earlier,
 * non-marker events; anything else it names is ignored, so a stream always reads the same way.
 */
export function applyReadTimeTransforms(pages: readonly EventPage[]): ReadTimeView {
  const revokedBy = new Map<number, string>();
  const compensated = new Set<number>();
  const markers = new Map<number, string>();
  const undoneBy = new Map<number, UndoneBy>();
  for (const page of pages) {
    const sequence = toSequence(page.sequence);
    const marker = readMarker(page);
    if (!marker) continue;
    markers.set(sequence, marker.reason);
    for (const target of marker.sequences) {
      // Only earlier business events are affected; the pages may start after a snapshot.
      if (target >= sequence || markers.has(target)) continue;
      if (marker.kind === 'compensate') compensated.add(target);
      else if (!revokedBy.has(target)) revokedBy.set(target, marker.reason);
      // A revocation outranks a compensation of the same event: it reads as never happened.
      const previous = undoneBy.get(target);
      if (!previous || (previous.kind === 'compensate' && marker.kind === 'revocation')) {
        undoneBy.set(target, { kind: marker.kind, marker: sequence, reason: marker.reason });
      }
    }
  }
  const view = pages.map((page) => {
    const sequence = toSequence(page.sequence);
    const reason = markers.get(sequence) ?? revokedBy.get(sequence);
    return reason === undefined ? page : asNoOp(page, sequence, reason);
  });
  return {
    pages: view,
    revoked: new Set(revokedBy.keys()),
    compensated,
    markers: new Set(markers.keys()),
    undoneBy,
  };
}

/**
 * Whether a marker in `pages` revokes a sequence at or before `sequence`: a snapshot taken at
 * `sequence` folded that event in, so the state must be rebuilt without the snapshot.
 */
export function revokesAtOrBefore(pages: readonly EventPage[], sequence: number): boolean {
  return pages.some((page) => {
    const marker = readMarker(page);
    return marker?.kind === 'revocation' && marker.sequences.some((s) => s <= sequence);
  });
}

/** Whether a page is a `NoOp` (a revoked event or a marker as read). */
export function isNoOp(page: EventPage): boolean {
  return page.event !== undefined && typeNameOf(page.event.typeUrl) === NoOpSchema.typeName;
}

/** Whether a page is a `Revocation` or `Compensate` marker. */
export function isUndoMarker(page: EventPage): boolean {
  const type = page.event ? typeNameOf(page.event.typeUrl) : '';
  return type === RevocationSchema.typeName || type === CompensateSchema.typeName;
}

function asNoOp(page: EventPage, sequence: number, reason: string): EventPage {
  const noOp: NoOp = create(NoOpSchema, { originalSequence: toWireSequence(sequence), reason });
  return create(EventPageSchema, {
    sequence: page.sequence,
    event: anyPack(NoOpSchema, noOp),
    createdAt: page.createdAt,
    eventId: page.eventId,
    causationId: page.causationId,
  });
}
