import { create, type Message } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EventPageSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId } from '../../messaging/ids';
import { shortTypeName, type TypeRegistry } from '../../messaging/type-registry';
import { packMessage } from '../envelope/pack';
import { toWireSequence } from '../envelope/sequence';

/**
 * Stamps events as stream pages with consecutive sequences from `firstSequence`. The event id is
 * deterministic from the cause (a command or notification id) and the index, so deciding again
 * after a redelivery produces the same ids.
 */
export function buildPages(
  registry: TypeRegistry,
  events: readonly Message[],
  firstSequence: number,
  causationId: string,
  createdAt: Date,
): EventPage[] {
  return events.map((event, index) =>
    create(EventPageSchema, {
      sequence: toWireSequence(firstSequence + index),
      event: packMessage(registry, event),
      createdAt: timestampFromDate(createdAt),
      eventId: deterministicId('event', causationId, index),
      causationId,
    }),
  );
}

/** Short type names of messages, for audit entries. */
export function typesOf(events: readonly Message[]): string[] {
  return events.map((e) => shortTypeName(e.$typeName));
}
