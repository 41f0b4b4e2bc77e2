import type { Message } from '@bufbuild/protobuf';

/** A command a saga issues in reaction to an event, and the root (UUID string) it goes to. */
export interface Reaction<C extends Message = Message> {
  readonly target: string;
  readonly command: C;
  /** Deliver the command at this instant, from the framework's durable timers, not now. */
  readonly deliverAt?: Date;
}
