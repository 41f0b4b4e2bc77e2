import { create } from '@bufbuild/protobuf';
import { FundsReleasedSchema, type FundsReleased } from '@poker/contracts';
import { bytesOf, escalation, type RejectionHandlers } from '../shared';
import type { PlayerEvent } from './player.messages';
import type { PlayerState } from './player.state';

/**
 * The table refused the join (full, seat taken, already seated, closed...): the buy-in reserved
 * for that table goes back to the bankroll. Null when nothing is reserved there any more, e.g.
 * the reservation was already released.
 */
export function releaseAfterJoinRejected(
  state: PlayerState,
  tableId: string,
  reason: string,
): FundsReleased | null {
  const reservation = state.reservations[tableId];
  if (!reservation) return null;
  return create(FundsReleasedSchema, {
    tableId: bytesOf(tableId),
    amount: reservation.amount,
    reason,
  });
}

/** The player's answers to rejected commands its events caused. */
export const PLAYER_REJECTION_HANDLERS = {
  'table/JoinTable': (rejection, state) => {
    const released = releaseAfterJoinRejected(state, rejection.targetRoot, rejection.reason);
    return released ? [released] : null;
  },
  // The reservation became the table's stack on verification; a seat the table cannot confirm
  // leaves those chips nowhere, which only a person can settle.
  'table/ConfirmSeat': (rejection) => escalation(`ConfirmSeat rejected: ${rejection.reason}`),
} as const satisfies RejectionHandlers<PlayerState, PlayerEvent>;
