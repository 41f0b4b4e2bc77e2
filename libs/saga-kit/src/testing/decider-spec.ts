import type { Message } from '@bufbuild/protobuf';
import { isCommandRejectedError } from '../errors/command-rejected.error';
import { eventsOf } from '../runtime/aggregate/decide';
import { evolveAll } from '../runtime/aggregate/evolve';
import type { AggregateDefinition } from '../runtime/definition/aggregate-definition';
import type { DecisionContext } from '../runtime/definition/handler-types';
import { aggregateOf, type DefinitionSource } from './definition-source';
import { assertMessages, fail, render } from './message-assertions';

/** Fixed context values for specs; override any of them per spec. */
export const SPEC_CONTEXT: DecisionContext = Object.freeze({
  now: new Date('2024-01-01T00:00:00.000Z'),
  commandId: '00000000-0000-4000-8000-000000000001',
  correlationId: '00000000-0000-4000-8000-000000000002',
  root: '00000000-0000-4000-8000-000000000003',
  domain: 'spec',
});

/** The outcome half of a decider spec. */
export interface DeciderThen {
  /** The decider appends exactly these events, in order. */
  then(expected: Message | readonly Message[]): void;
  /** The decider rejects with this reason. */
  thenRejected(reason: string): void;
  /** The decider accepts the command and appends nothing. */
  thenNothingHappened(): void;
  /** The decider fails with something other than a rejection (a fault). */
  thenThrows(matcher?: RegExp | ((error: unknown) => boolean)): void;
}

/** The command half of a decider spec. */
export interface DeciderWhen {
  when(command: Message, context?: Partial<DecisionContext>): DeciderThen;
}

/**
 * Given/when/then for an aggregate's deciders, without I/O:
 * `deciderSpec(Hand).given([started]).when(placeBet).then([betPlaced])`.
 */
export function deciderSpec<S>(aggregate: DefinitionSource): {
  given(events: readonly Message[]): DeciderWhen;
} {
  const definition = aggregateOf<S>(aggregate);
  return {
    given: (events) => ({
      when: (command, context = {}) => decided(definition, events, command, context),
    }),
  };
}

type Result =
  | { kind: 'events'; events: Message[] }
  | { kind: 'rejected'; reason: string }
  | { kind: 'fault'; error: unknown };

function decided<S>(
  definition: AggregateDefinition<S>,
  given: readonly Message[],
  command: Message,
  context: Partial<DecisionContext>,
): DeciderThen {
  const run = (): Result => {
    const handler = definition.commands.get(command.$typeName);
    if (!handler) fail(`${definition.name} has no @Handles for ${command.$typeName}`);
    const state = evolveAll(definition, definition.initialState(), given);
    const ctx = { ...SPEC_CONTEXT, domain: definition.domain, ...context };
    try {
      return {
        kind: 'events',
        events: eventsOf(handler.decide(command, state, ctx), handler.name),
      };
    } catch (error) {
      if (isCommandRejectedError(error)) return { kind: 'rejected', reason: error.reason };
      return { kind: 'fault', error };
    }
  };
  const events = (result: Result, expectation: string): Message[] => {
    if (result.kind === 'events') return result.events;
    if (result.kind === 'rejected')
      fail(`expected ${expectation}, but the command was rejected: ${result.reason}`);
    throw result.error;
  };
  return {
    then(expected) {
      const list: readonly Message[] = Array.isArray(expected) ? expected : [expected as Message];
      assertMessages(events(run(), 'events'), list, `${command.$typeName}: unexpected events`);
    },
    thenRejected(reason) {
      const result = run();
      if (result.kind === 'rejected' && result.reason === reason) return;
      if (result.kind === 'rejected')
        fail(`expected rejection ${reason}, got rejection ${result.reason}`);
      if (result.kind === 'fault') throw result.error;
      fail(
        `expected rejection ${reason}, but the command was accepted with ${render(result.events)}`,
      );
    },
    thenNothingHappened() {
      const appended = events(run(), 'no events');
      if (appended.length > 0) fail(`expected no events, got ${render(appended)}`);
    },
    thenThrows(matcher) {
      const result = run();
      if (result.kind !== 'fault') fail(`expected a fault, got ${result.kind}`);
      const error = result.error;
      const ok =
        matcher === undefined ||
        (matcher instanceof RegExp
          ? matcher.test(error instanceof Error ? error.message : String(error))
          : matcher(error));
      if (!ok)
        fail(`the fault did not match: ${error instanceof Error ? error.message : String(error)}`);
    },
  };
}
