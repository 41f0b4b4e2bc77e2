import type { Message } from '@bufbuild/protobuf';
import type { CommandBook, Cover } from '../../gen/sagakit/v1/envelope_pb';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';

/** What a decider knows besides the command and the state; time and ids come from here. */
export interface DecisionContext {
  readonly now: Date;
  readonly commandId: string;
  readonly correlationId: string;
  /** The aggregate's root, as a UUID string. */
  readonly root: string;
  readonly domain: string;
}

/** A decider's answer: one event, several, or nothing. A business "no" is thrown instead. */
export type Decision = Message | readonly Message[] | null | undefined | void;

/** What a `@Rejected` handler is given about the rejection it answers. */
export interface RejectionContext {
  /** The business reason the target gave, e.g. `player_folded`. */
  readonly reason: string;
  /** The rejected command as it was sent. */
  readonly command: CommandBook;
  /** The rejected command's decoded payload. */
  readonly payload: Message;
  /** Short type name of the rejected command, e.g. `DeductFromPlayerStack`. */
  readonly commandType: string;
  /** The aggregate the command was sent to. */
  readonly target: Cover;
  /** `target.root` as a UUID string. */
  readonly targetRoot: string;
  /** The aggregate handling the rejection (the command's source). */
  readonly source: Cover;
  /** Sequence of the source event that made the saga issue the command. */
  readonly sourceSequence: number;
  readonly saga: string;
  readonly correlationId: string;
  /** Who rejected: a component name and kind (`aggregate`, `saga`, `framework`). */
  readonly issuer: { readonly name: string; readonly type: string };
  readonly notificationId: string;
  readonly now: Date;
}

/**
 * A `@Rejected` handler's answer: event(s) to append, `null` when there is nothing to undo, or a
 * `RevocationResponse` (see `delegateToFramework`) for the framework to carry out.
 */
export type RejectionOutcome =
  Message | readonly Message[] | RevocationResponse | null | undefined | void;

/** A `@Compensate` handler's answer: the inverse event(s) of `original`, or `null`. */
export type CompensationOutcome = Message | readonly Message[] | null | undefined | void;

/** A command the saga wants issued; build it with `ctx.command(...)`. */
export interface SagaCommand {
  /** Target aggregate root (16 bytes) in the saga's `to` domain. */
  readonly root: Uint8Array;
  readonly command: Message;
  /** After this instant with no outcome, the issuer may revoke the triggering event. */
  readonly deadline?: Date;
  /**
   * Deliver the command at this instant rather than now: it waits in the runtime's durable
   * timer queue (`timers`), keyed by its deterministic command id.
   */
  readonly deliverAt?: Date;
}

/** Options of `SagaContext.command`. */
export interface SagaCommandOptions {
  /** After this instant with no outcome, the triggering event is revoked (needs `scheduler`). */
  deadline?: Date;
  /** Publish the command at this instant, from the durable timer queue (needs `timers`). */
  deliverAt?: Date;
}

/** What a saga handler is given besides the event. */
export interface SagaContext {
  readonly saga: string;
  /** The aggregate and event that triggered the handler. */
  readonly source: {
    readonly domain: string;
    readonly root: string;
    readonly sequence: number;
    readonly eventId: string;
  };
  readonly correlationId: string;
  readonly now: Date;
  /**
   * Issues `command` to `target` (root bytes or UUID string) of the saga's `to` domain, now or,
   * with `deliverAt`, as a durable timer.
   */
  command(target: Uint8Array | string, command: Message, options?: SagaCommandOptions): SagaCommand;
}

/** A saga handler's answer: command(s) built with `ctx.command`, or nothing. */
export type SagaReaction = SagaCommand | readonly SagaCommand[] | null | undefined | void;
