import type { Message } from '@bufbuild/protobuf';
import type { EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { decode, typeNameOf } from '../../messaging/type-registry';
import type { AggregateDefinition } from '../definition/aggregate-definition';

/**
 * Folds decoded events into a state with the aggregate's evolvers, purely. An event type with
 * no `@Applies` evolver leaves the state unchanged: many events (prompts, audit-only facts,
 * `NoOp`) carry nothing the decider needs, and requiring empty evolvers would only add noise.
 */
export function evolveAll<S>(
  definition: AggregateDefinition<S>,
  state: S,
  events: readonly Message[],
): S {
  let current = state;
  for (const event of events) {
    const evolver = definition.evolvers.get(event.$typeName);
    if (evolver) current = evolver.evolve(current, event);
  }
  return current;
}

/**
 * Folds stream pages (already read-time transformed) into a state. Only pages with an evolver
 * are decoded, with the evolver's own schema, so a type the process does not know is no error
 * unless the aggregate claims to evolve it.
 */
export function evolvePages<S>(
  definition: AggregateDefinition<S>,
  state: S,
  pages: readonly EventPage[],
): S {
  let current = state;
  for (const page of pages) {
    if (!page.event) continue;
    const evolver = definition.evolvers.get(typeNameOf(page.event.typeUrl));
    if (!evolver) continue;
    const event = decode(evolver.schema, page.event.value, `event ${page.event.typeUrl}`);
    current = evolver.evolve(current, event);
  }
  return current;
}
