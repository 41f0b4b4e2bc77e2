import { evolveHand } from './hand.evolve';
import type { HandEvent } from './hand.messages';
import type { HandState } from './hand.state';

/**
 * Events being decided and the state they lead to, so each later decision sees the earlier
 * events applied exactly as a replay would.
 */
export interface Outcome {
  readonly state: HandState;
  readonly events: readonly HandEvent[];
}

/** No events yet. */
export function from(state: HandState): Outcome {
  return { state, events: [] };
}

/** Appends events, applying each to the state. */
export function emit(outcome: Outcome, ...events: HandEvent[]): Outcome {
  return {
    state: events.reduce(evolveHand, outcome.state),
    events: [...outcome.events, ...events],
  };
}
