import type { Message } from '@bufbuild/protobuf';
import type { Escalation } from './escalation';

/**
 * What a rejection handler needs to know: the runtime's rejection context satisfies it, and
 * so can a plain object in a spec.
 */
export interface RejectionFacts {
  /** The reason the target gave, from the rejected command's closed set. */
  readonly reason: string;
  /** The rejected command. */
  readonly payload: Message;
  /** Root (UUID string) of the aggregate that rejected it. */
  readonly targetRoot: string;
  readonly now: Date;
}

/** Events to append, a case for a person, or null when there is nothing to undo. */
export type RejectionAnswer<E> = readonly E[] | Escalation | null;

/**
 * An aggregate's answers to rejections of the commands its events caused, keyed by the
 * rejecting domain and the command's short name (`table/JoinTable`).
 */
export type RejectionHandlers<S, E> = Readonly<
  Record<string, (rejection: RejectionFacts, state: S) => RejectionAnswer<E>>
>;
