/**
 * What the poker deciders need besides the command and the state: the time, passed in so they
 * never read a clock. The runtime's decision and rejection contexts both satisfy it, so the
 * deciders stay callable without the framework.
 */
export interface PokerContext {
  /** The moment the command (or rejection) is decided. */
  readonly now: Date;
}
