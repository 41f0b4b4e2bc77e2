import type { HandPlayer, HandState } from './hand.state';

/** Players still contending for the pots. */
export function contenders(state: HandState): HandPlayer[] {
  return state.players.filter((p) => p.status === 'active' || p.status === 'all_in');
}

/** Chips the player must add to call, capped by what they have. */
export function toCall(state: HandState, player: HandPlayer): number {
  return Math.min(Math.max(state.currentBet - player.streetBet, 0), player.stack);
}

/** Smallest amount the player may add to bet or raise; a smaller all-in is always allowed. */
export function minRaiseAmount(state: HandState, player: HandPlayer): number {
  return state.currentBet + state.minRaise - player.streetBet;
}

/** Has a decision to take on this street: not yet acted, or facing a bet. */
export function needsToAct(state: HandState, player: HandPlayer): boolean {
  return player.status === 'active' && (!player.acted || player.streetBet < state.currentBet);
}

/**
 * The street's betting is over when nobody has a decision left, or when a single player can
 * still bet and has matched everybody: there would be no one to bet against.
 */
export function roundComplete(state: HandState): boolean {
  const active = state.players.filter((p) => p.status === 'active');
  if (active.length === 1 && active[0]!.streetBet >= state.currentBet) return true;
  return !active.some((p) => needsToAct(state, p));
}

/** The first player after `seat`, clockwise, with a decision to take. */
export function nextToAct(state: HandState, seat: number): HandPlayer | undefined {
  return clockwiseFrom(state.players, seat).find((p) => needsToAct(state, p));
}

/** Players in the order they sit after `seat`, clockwise. */
export function clockwiseFrom<P extends { readonly seat: number }>(
  players: readonly P[],
  seat: number,
): P[] {
  const sorted = [...players].sort((a, b) => a.seat - b.seat);
  return [...sorted.filter((p) => p.seat > seat), ...sorted.filter((p) => p.seat <= seat)];
}
