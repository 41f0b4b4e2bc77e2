import { create } from '@bufbuild/protobuf';
import { FundsReleasedSchema, type FundsReleased } from '@poker/contracts';
import { bytesOf } from '../shared';
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
