import { create } from '@bufbuild/protobuf';
import {
  HandEndedSchema,
  PlayerCheckedSchema,
  PotsRefunded_RefundSchema,
  PotsRefundedSchema,
  type AbortHand,
  type DisconnectPlayer,
  type ExpireActionTimer,
} from '@poker/contracts';
import { bytesOf, idOf, type PokerContext } from '../shared';
import { toCall } from './betting-round';
import { fold, progress } from './hand-progress';
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

/** Ends the hand without a winner: every player gets back exactly what they put in. */
export function abort(command: AbortHand, state: HandState): HandEvent[] {
  if (state.status !== 'in_progress') throw reject('AbortHand', 'hand_not_in_progress');
  const tableId = bytesOf(state.tableId);
  const refunds = state.players
    .filter((p) => p.committed > 0)
    .map((p) =>
      create(PotsRefunded_RefundSchema, { playerId: bytesOf(p.playerId), amount: p.committed }),
    );
  const ended = create(HandEndedSchema, { reason: command.reason, tableId });
  if (refunds.length === 0) return [ended];
  return [create(PotsRefundedSchema, { refunds, reason: command.reason, tableId }), ended];
}
