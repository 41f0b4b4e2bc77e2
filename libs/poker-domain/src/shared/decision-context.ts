/**
 * What the poker deciders need besides the command and the state. The runtime's decision context
 * satisfies it, so deciders stay callable without the framework.
 */
export interface PokerContext {
  /** The moment the command is decided; deciders never read a clock. */
  readonly now: Date;
  /** The deciding aggregate's root as a UUID string. */
  readonly root: string;
}
