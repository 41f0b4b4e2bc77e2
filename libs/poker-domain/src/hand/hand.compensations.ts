import { create, isMessage } from '@bufbuild/protobuf';
import { BetRevertedSchema, DeductFromPlayerStackSchema } from '@poker/contracts';
import {
  bytesOf,
  escalation,
  idOf,
  type Escalation,
  type PokerContext,
  type RejectionHandlers,
} from '../shared';
import { fold } from './hand-progress';
import type { HandEvent } from './hand.messages';
import { playerIn, type HandState } from './hand.state';
import { emit, from } from './outcome';

/** Why a player whose chips could not be taken is folded. */
export const BET_REVERTED = 'bet_reverted';

/**
 * The table refused to take a bet's chips from the stack (the player folded there, or the
 * stack is not what the hand thought). The bet is reverted so the pot only holds real chips,
 * and a player still in the hand is folded: they cannot back their bet, and the table and the
 * hand must agree on who is in. Once the hand has ended its pots are paid out already, so
 * nothing can be reverted here: a person has to settle it.
 */
export function revertRejectedDeduction(
  state: HandState,
  playerId: string,
  amount: number,
  reason: string,
  ctx: PokerContext,
): HandEvent[] | Escalation {
  if (state.status !== 'in_progress') {
    return escalation(`stack deduction rejected after the hand ended: ${reason}`);
  }
  const reverted = emit(
    from(state),
    create(BetRevertedSchema, { playerId: bytesOf(playerId), amount, reason }),
  );
  const player = playerIn(reverted.state, playerId);
  if (player?.status !== 'active') return [...reverted.events];
  return [...fold(reverted, player, BET_REVERTED, ctx).events];
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
