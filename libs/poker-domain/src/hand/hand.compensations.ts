import { create, isMessage } from '@bufbuild/protobuf';
import {
  BetRevertedSchema,
  DeductFromPlayerStackSchema,
  PlayerFoldedSchema,
} from '@poker/contracts';
import {
  bytesOf,
  escalation,
  idOf,
  type Escalation,
  type PokerContext,
  type RejectionHandlers,
} from '../shared';
import { fold } from './hand-progress';
import { settle } from './hand-settlement';
import type { HandEvent } from './hand.messages';
import { playerIn, type HandState } from './hand.state';
import { emit, from } from './outcome';

/** Why a player whose chips could not be taken is folded. */
export const BET_REVERTED = 'bet_reverted';

/**
 * The table refused to take a bet's chips from the stack (the player folded there, or the
 * stack is not what the hand thought). The bet is reverted, and a player still contending is
 * folded: they cannot back their bet, and the table and the hand must agree on who is in. The
 * hand never pays out before every bet is confirmed or reverted, so this always finds the
 * chips unpaid; the settlement waiting for this bet goes ahead.
 */
export function revertRejectedDeduction(
  state: HandState,
  playerId: string,
  amount: number,
  reason: string,
  ctx: PokerContext,
): HandEvent[] | Escalation {
  const player = playerIn(state, playerId);
  const pending = player ? player.committed - player.collected : 0;
  if (state.status === 'not_started' || state.status === 'ended' || amount > pending) {
    return escalation(`stack deduction rejected but no such bet is pending: ${reason}`);
  }
  const reverted = emit(
    from(state),
    create(BetRevertedSchema, { playerId: bytesOf(playerId), amount, reason }),
  );
  const after = playerIn(reverted.state, playerId);
  const contending = after?.status === 'active';
  if (state.status === 'in_progress') {
    return [...(contending ? fold(reverted, after, BET_REVERTED, ctx) : reverted).events];
  }
  // Betting is over: nobody is prompted any more, the player just drops out of the pots.
  const dropped =
    contending && state.settlement !== 'refund'
      ? emit(reverted, foldedEvent(reverted.state.tableId, playerId))
      : reverted;
  return [...settle(dropped).events];
}

function foldedEvent(tableId: string, playerId: string): HandEvent {
  return create(PlayerFoldedSchema, {
    playerId: bytesOf(playerId),
    reason: BET_REVERTED,
    tableId: bytesOf(tableId),
  });
}

/** The hand's answers to rejected commands its events caused. */
export const HAND_REJECTION_HANDLERS = {
  'table/DeductFromPlayerStack': (rejection, state) => {
    const deduction = rejection.payload;
    if (!isMessage(deduction, DeductFromPlayerStackSchema)) {
      throw new TypeError(`expected DeductFromPlayerStack, got ${deduction.$typeName}`);
    }
    const playerId = idOf(deduction.playerId);
    return revertRejectedDeduction(state, playerId, deduction.amount, rejection.reason, rejection);
  },
  // Winnings or refunds the table will not take would vanish: a person has to pay them.
  'table/CreditPlayerStack': (rejection) =>
    escalation(`CreditPlayerStack rejected: ${rejection.reason}`),
  // The table already knows less than the hand; there is nothing here to undo.
  'table/MarkPlayerFolded': () => null,
  'table/SitOutAtTable': () => null,
  'table/FinishHand': () => null,
} as const satisfies RejectionHandlers<HandState, HandEvent>;
