import { BetAction } from '@poker/contracts';
import type { HandPlayer, HandState } from './hand.state';

/**
 * What adding `amount` chips does under no-limit rules, or null when it is not a legal bet:
 * all-in is always legal; otherwise the player must exactly call, or raise by at least the
 * minimum raise (the big blind when opening a street).
 */
export function classifyBet(
  state: HandState,
  player: HandPlayer,
  amount: number,
): BetAction | null {
  if (amount === 0 || amount > player.stack) return null;
  if (amount === player.stack) return BetAction.ALL_IN;
  const total = player.streetBet + amount;
  if (total === state.currentBet) return BetAction.CALL;
  if (total < state.currentBet) return null;
  if (total - state.currentBet < state.minRaise) return null;
  return state.currentBet === 0 ? BetAction.BET : BetAction.RAISE;
}
