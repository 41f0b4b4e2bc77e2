import type { Message } from '@bufbuild/protobuf';
import { delegateToFramework, type RejectionOutcome } from '@saga-kit/core';
import { isEscalation } from './escalation';
import type { RejectionAnswer, RejectionFacts, RejectionHandlers } from './rejection-handlers';

/**
 * A domain answer in the framework's terms: events as they are, null for nothing to undo, and a
 * case for a person as a dead letter plus an escalation (the floor manager's alert).
 */
export function toRejectionOutcome(answer: RejectionAnswer<Message>): RejectionOutcome {
  if (answer === null) return null;
  if (isEscalation(answer)) {
    return delegateToFramework({ reason: answer.reason, sendToDeadLetter: true, escalate: true });
  }
  return answer;
}

/**
 * Answers a rejection with the aggregate's handler for `key` (`domain/Command`, as in its
 * `@Rejected`), in the framework's terms. The key must be one of `handlers`' own, so a misspelt
 * one is a compile error, not a failure on the first such rejection.
 */
export function answerRejection<S, H extends RejectionHandlers<S, Message>>(
  handlers: H,
  key: keyof H & string,
  rejection: RejectionFacts,
  state: S,
): RejectionOutcome {
  const handler = handlers[key];
  if (!handler) throw new TypeError(`no rejection handler for ${key}`);
  return toRejectionOutcome(handler(rejection, state));
}
