import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Message } from '@bufbuild/protobuf';
import type { EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { typeNameOf, type TypeRegistry } from '../../messaging/type-registry';
import { applyReadTimeTransforms, readMarker } from '../aggregate/read-time-transforms';
import { toSequence } from '../envelope/sequence';

/** How an event of a stream reads today. */
export type HistoryStatus = 'active' | 'revoked' | 'compensated' | 'marker';

/** One stored event with what undo markers made of it. */
export interface HistoryEntry {
  readonly sequence: number;
  /** Full type name of the stored event. */
  readonly type: string;
  /** The stored event, decoded; undefined when its type is not registered. */
  readonly event: Message | undefined;
  readonly status: HistoryStatus;
  /** Why it was revoked or compensated, or the marker's own reason. */
  readonly reason?: string;
  /** Sequence of the marker that revoked or compensated it. */
  readonly undoneBy?: number;
  /** For a marker, the sequences it names. */
  readonly targets?: number[];
  readonly createdAt: Date | undefined;
  readonly causationId: string;
}

/**
 * A stream as stored, annotated: revoked events stay in the history, with the marker and reason
 * that revoked them, even though business logic reads them as `NoOp`.
 */
export function streamHistory(pages: readonly EventPage[], registry: TypeRegistry): HistoryEntry[] {
  const view = applyReadTimeTransforms(pages);
  return pages.map((page) => {
    const sequence = toSequence(page.sequence);
    const type = typeNameOf(page.event?.typeUrl ?? '');
    const base = {
      sequence,
      type,
      event:
        page.event && registry.schema(page.event.typeUrl) ? registry.unpack(page.event) : undefined,
      createdAt: page.createdAt ? timestampDate(page.createdAt) : undefined,
      causationId: page.causationId,
    };
    const marker = view.markers.has(sequence) ? readMarker(page) : undefined;
    if (marker) {
      return {
        ...base,
        status: 'marker' as const,
        reason: marker.reason,
        targets: marker.sequences,
      };
    }
    const undone = view.undoneBy.get(sequence);
    if (!undone) return { ...base, status: 'active' as const };
    return {
      ...base,
      status: undone.kind === 'revocation' ? ('revoked' as const) : ('compensated' as const),
      reason: undone.reason,
      undoneBy: undone.marker,
    };
  });
}
