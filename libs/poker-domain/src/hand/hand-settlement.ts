import { create } from '@bufbuild/protobuf';
import {
  BettingClosedSchema,
  HandEndedSchema,
  PotAwardedSchema,
  PotsRefunded_RefundSchema,
  PotsRefundedSchema,
  type Settlement,
} from '@poker/contracts';
import { bytesOf } from '../shared';
import { contenders } from './betting-round';
import type { HandEvent } from './hand.messages';
import { emit, type Outcome } from './outcome';
import { potAwards } from './showdown';

/** Ends the betting and settles the pots as soon as every bet is confirmed or reverted. */
export function closeBetting(outcome: Outcome, settlement: Settlement, reason: string): Outcome {
  return settle(emit(outcome, create(BettingClosedSchema, { settlement, reason })));
}

/**
 * Pays the pots out once betting is over and no bet is still waiting for the table: the pots
 * then hold exactly the chips the table took, so the payout can never create or lose any.
 * Until then it does nothing; each confirmation or revert calls it again. Ends the hand.
 */
export function settle(outcome: Outcome): Outcome {
  const { state } = outcome;
  if (state.status !== 'settling') return outcome;
  if (state.players.some((p) => p.collected < p.committed)) return outcome;
  const tableId = bytesOf(state.tableId);
  const ended = create(HandEndedSchema, { reason: state.closeReason, tableId });
  // With nobody left to win (their bets reverted), the pots go back like an abort's.
  if (state.settlement === 'refund' || contenders(state).length === 0) {
    const refunds = state.players
      .filter((p) => p.collected > 0)
      .map((p) =>
        create(PotsRefunded_RefundSchema, { playerId: bytesOf(p.playerId), amount: p.collected }),
      );
    const refunded = create(PotsRefundedSchema, { refunds, reason: state.closeReason, tableId });
    return refunds.length > 0 ? emit(outcome, refunded, ended) : emit(outcome, ended);
  }
  const awards: HandEvent[] = [...potAwards(state.players, state.showdownRanking, state.button)]
    .filter(([, amount]) => amount > 0)
    .map(([playerId, amount]) =>
      create(PotAwardedSchema, { playerId: bytesOf(playerId), amount, tableId }),
    );
  return emit(outcome, ...awards, ended);
}
