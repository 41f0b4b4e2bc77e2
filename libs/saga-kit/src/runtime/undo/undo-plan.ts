import type { Message } from '@bufbuild/protobuf';
import type { EventPage } from '../../gen/sagakit/v1/envelope_pb';
import { shortTypeName, type TypeRegistry } from '../../messaging/type-registry';
import { eventsOf } from '../aggregate/decide';
import { evolveAll } from '../aggregate/evolve';
import { applyReadTimeTransforms } from '../aggregate/read-time-transforms';
import type { AggregateDefinition } from '../definition/aggregate-definition';
import { toSequence } from '../envelope/sequence';
import { compensate, revoke, type UndoKind } from './undo-request';
import { UndoValidationError, type UndoProblem } from './undo-validation.error';

/** An undo to plan against a stream. */
export interface UndoPlanInput<S> {
  readonly definition: AggregateDefinition<S>;
  readonly registry: TypeRegistry;
  /** The whole stream as stored (no snapshot cut). */
  readonly pages: readonly EventPage[];
  /** The aggregate's current state, handed to `@Compensate` handlers. */
  readonly state: S;
  readonly kind: UndoKind;
  readonly sequences: readonly number[];
  readonly reason: string;
  /** `domain/root`, for error messages. */
  readonly streamName: string;
}

/** What an undo appends: its marker first, then (Compensate) the inverse events. */
export interface UndoPlan {
  readonly events: Message[];
  /** Short type names of the inverse events. */
  readonly inverseTypes: string[];
}

/**
 * Validates an undo request and builds what it appends, purely. Every named sequence must exist,
 * be a business event (not a marker), not be revoked already; Compensate also needs it not
 * compensated already and a `@Compensate` handler for its type; Revocation refuses a compensated
 * event, whose inverse events would otherwise stay. Inverse events come from the handlers in
 * sequence order, each seeing the state with the previous inverses applied.
 */
export function planUndo<S>(input: UndoPlanInput<S>): UndoPlan {
  const problems = validate(input);
  if (problems.length > 0) throw new UndoValidationError(input.streamName, problems);
  const sequences = [...input.sequences].sort((a, b) => a - b);
  if (input.kind === 'revocation') {
    return { events: [revoke(sequences, input.reason)], inverseTypes: [] };
  }
  const bySequence = new Map(input.pages.map((p) => [toSequence(p.sequence), p]));
  let state = input.state;
  const inverse: Message[] = [];
  for (const sequence of sequences) {
    const any = bySequence.get(sequence)?.event;
    if (!any) continue;
    const handler = input.definition.compensators.get(shortTypeName(any.typeUrl));
    if (!handler) continue;
    const original = input.registry.unpack(any);
    const events = eventsOf(handler.compensate(original, input.reason, state), handler.name);
    state = evolveAll(input.definition, state, events);
    inverse.push(...events);
  }
  return {
    events: [compensate(sequences, input.reason), ...inverse],
    inverseTypes: inverse.map((e) => shortTypeName(e.$typeName)),
  };
}

function validate<S>(input: UndoPlanInput<S>): UndoProblem[] {
  const problems: UndoProblem[] = [];
  if (input.sequences.length === 0) {
    problems.push({ code: 'no_sequences', message: 'name at least one sequence' });
  }
  if (typeof input.reason !== 'string' || input.reason.trim() === '') {
    problems.push({ code: 'no_reason', message: 'give a reason' });
  }
  const view = applyReadTimeTransforms(input.pages);
  const bySequence = new Map(input.pages.map((p) => [toSequence(p.sequence), p]));
  const last = input.pages.at(-1);
  const next = last ? toSequence(last.sequence) + 1 : 0;
  const seen = new Set<number>();
  for (const sequence of input.sequences) {
    const problem = (code: UndoProblem['code'], message: string): void => {
      problems.push({ code, sequence, message: `sequence ${sequence} ${message}` });
    };
    if (!Number.isSafeInteger(sequence) || sequence < 0) {
      problems.push({ code: 'invalid_sequence', message: `${String(sequence)} is not a sequence` });
      continue;
    }
    if (seen.has(sequence)) {
      problem('duplicate_sequence', 'is named twice');
      continue;
    }
    seen.add(sequence);
    const page = bySequence.get(sequence);
    const type = page?.event ? shortTypeName(page.event.typeUrl) : undefined;
    const undone = view.undoneBy.get(sequence);
    if (!page || !type) {
      problem('unknown_sequence', `does not exist (the stream's next sequence is ${next})`);
    } else if (view.markers.has(sequence)) {
      problem('marker', `is a ${type} marker; markers cannot be undone`);
    } else if (undone?.kind === 'revocation') {
      problem(
        'already_revoked',
        `(${type}) is already revoked by the marker at ${undone.marker}: ${undone.reason}`,
      );
    } else if (undone?.kind === 'compensate' && input.kind === 'compensate') {
      problem(
        'already_compensated',
        `(${type}) is already compensated by the marker at ${undone.marker}`,
      );
    } else if (undone?.kind === 'compensate') {
      problem(
        'already_compensated',
        `(${type}) was compensated by the marker at ${undone.marker}; revoking it would leave its inverse events`,
      );
    } else if (input.kind === 'compensate' && !input.definition.compensators.has(type)) {
      problem(
        'no_compensate_handler',
        `(${type}) has no @Compensate('${type}') handler on ${input.definition.name}`,
      );
    }
  }
  return problems;
}
