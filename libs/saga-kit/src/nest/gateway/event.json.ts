import type { JsonValue } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { NoOpSchema } from '../../gen/sagakit/v1/failure_pb';
import { decode, type TypeRegistry } from '../../messaging/type-registry';
import type { ReadTimeView } from '../../runtime/aggregate/read-time-transforms';
import { toSequence } from '../../runtime/envelope/sequence';

/** An appended event as the gateway returns it: its JSON with `@type`, and its sequence. */
export type EventJson = { sequence: number } & Record<string, JsonValue>;

/** One page of an aggregate's history, with what the undo markers did to it. */
export interface HistoryEntryJson {
  sequence: number;
  /** The event as stored, with `@type`. */
  event: JsonValue;
  createdAt: string | null;
  eventId: string;
  causationId: string;
  /** Hidden from business logic by a `Revocation` marker. */
  revoked: boolean;
  revokedReason?: string;
  /** Named by a `Compensate` marker (still visible; inverse events follow). */
  compensated: boolean;
  /** The page is itself a `Revocation` or `Compensate` marker. */
  marker: boolean;
}

/** The JSON of a stored event page. */
export function eventJson(registry: TypeRegistry, page: EventPage): EventJson {
  const json = page.event ? registry.anyToJson(page.event) : null;
  const fields = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
  return { ...fields, sequence: toSequence(page.sequence) };
}

/** A history entry of `page`, given the stream's read-time view (`viewPage` is its transform). */
export function historyEntry(
  registry: TypeRegistry,
  page: EventPage,
  viewPage: EventPage | undefined,
  view: ReadTimeView,
): HistoryEntryJson {
  const sequence = toSequence(page.sequence);
  const revoked = view.revoked.has(sequence);
  return {
    sequence,
    event: page.event ? registry.anyToJson(page.event) : null,
    createdAt: page.createdAt ? timestampDate(page.createdAt).toISOString() : null,
    eventId: page.eventId,
    causationId: page.causationId,
    revoked,
    ...(revoked && viewPage?.event
      ? { revokedReason: decode(NoOpSchema, viewPage.event.value, 'NoOp').reason }
      : {}),
    compensated: view.compensated.has(sequence),
    marker: view.markers.has(sequence),
  };
}
