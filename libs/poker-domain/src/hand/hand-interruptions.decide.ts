import { create } from '@bufbuild/protobuf';
import {
  PlayerCheckedSchema,
  Settlement,
  StackDeductionConfirmedSchema,
  type AbortHand,
  type ConfirmStackDeduction,
  type DisconnectPlayer,
  type ExpireActionTimer,
} from '@poker/contracts';
import { idOf, type PokerContext } from '../shared';
import { toCall } from './betting-round';
import { fold, progress } from './hand-progress';
import { closeBetting, settle } from './hand-settlement';
import type { HandEvent } from './hand.messages';
import { rejectHandCommand as reject } from './hand.rejections';
import { playerIn, type HandState } from './hand.state';
import { emit, from } from './outcome';

/**
 * A dropped player is folded at once, in turn or not: nobody waits for them. If it was their
 * turn the next player is prompted; otherwise the standing prompt is kept.
 */
export function disconnect(
  command: DisconnectPlayer,
  state: HandState,
  ctx: PokerContext,
): HandEvent[] {
  if (state.status !== 'in_progress') throw reject('DisconnectPlayer', 'hand_not_in_progress');
  const player = playerIn(state, idOf(command.playerId));
  if (!player) throw reject('DisconnectPlayer', 'player_not_in_hand');
  // Folded, all-in or sat-out players have no decision left to miss.
  if (player.status !== 'active') return [];
  return [...fold(from(state), player, 'disconnected', ctx).events];
}

/**
 * The player ran out of time: a free check when there is nothing to call, a fold otherwise.
 * A timer for any other prompt than the standing one is stale and changes nothing.
 */
export function expireTimer(
  command: ExpireActionTimer,
  state: HandState,
  ctx: PokerContext,
): HandEvent[] {
  const action = state.action;
  const stale =
    state.status !== 'in_progress' ||
    !action ||
    action.actionNumber !== command.actionNumber ||
    action.playerId !== idOf(command.playerId);
  const player = stale ? undefined : playerIn(state, action.playerId);
  if (!player) return [];
  if (toCall(state, player) > 0) return [...fold(from(state), player, 'timeout', ctx).events];
  const checked = create(PlayerCheckedSchema, { playerId: command.playerId, reason: 'timeout' });
  return [...progress(emit(from(state), checked), player.seat, ctx).events];
}

/**
 * Ends the hand without a winner: betting closes and every contribution goes back to its
 * player, once the table has confirmed or refused the bets still on their way.
 */
export function abort(command: AbortHand, state: HandState): HandEvent[] {
  if (state.status !== 'in_progress' && state.status !== 'settling') {
    throw reject('AbortHand', 'hand_not_in_progress');
  }
  return [...closeBetting(from(state), Settlement.REFUND, command.reason).events];
}

/** The table took a bet's chips: the pots now hold them, which may let the hand settle. */
export function confirmDeduction(command: ConfirmStackDeduction, state: HandState): HandEvent[] {
  const player = playerIn(state, idOf(command.playerId));
  if (!player) throw reject('ConfirmStackDeduction', 'player_not_in_hand');
  // More than was bet means the table and the hand disagree: refuse rather than absorb it.
  if (player.collected + command.amount > player.committed) {
    throw reject('ConfirmStackDeduction', 'exceeds_commitment');
  }
  const { playerId, amount } = command;
  const confirmed = create(StackDeductionConfirmedSchema, { playerId, amount });
  return [...settle(emit(from(state), confirmed)).events];
}
