import { create } from '@bufbuild/protobuf';
import {
  BuyInRefundedSchema,
  JoinRejectedSchema,
  PlayerSatOutSchema,
  SeatReleasedSchema,
} from '@poker/contracts';
import { bytesOf, escalation, type Escalation, type RejectionHandlers } from '../shared';
import { handFinished } from './table-lifecycle.decide';
import type { TableEvent } from './table.messages';
import type { TableState } from './table.state';

/**
 * The player could not reserve the buy-in the table asked for. Short of money is an ordinary
 * outcome: the request is turned down and the player sat out. Any other reason (unknown or
 * suspended player, a duplicate reservation) means the two sides disagree: a person looks.
 */
export function afterReserveFundsRejected(
  playerId: string,
  reason: string,
): TableEvent[] | Escalation {
  if (reason !== 'insufficient_balance') return escalation(reason);
  return [create(PlayerSatOutSchema, { playerId: bytesOf(playerId), reason })];
}

/**
 * The player failed verification after the seat and buy-in were taken: free the seat, send the
 * buy-in back (the table-player saga releases the reservation) and record why. When the player
 * holds no reservation any more the buy-in was never backed by chips, so nothing is refunded.
 * Null when the seat is no longer pending (already undone).
 */
export function undoJoinAfterVerificationRejected(
  state: TableState,
  playerId: string,
  reason: string,
): TableEvent[] | null {
  const seat = state.seats[playerId];
  if (seat?.status !== 'pending') return null;
  const player = bytesOf(playerId);
  const released = create(SeatReleasedSchema, { playerId: player, seat: seat.seat, reason });
  const rejected = create(JoinRejectedSchema, { playerId: player, reason });
  if (reason === 'not_reserved') return [released, rejected];
  const refunded = create(BuyInRefundedSchema, { playerId: player, amount: seat.stack, reason });
  return [released, refunded, rejected];
}

/** The hand refused to start: the table forgets it (and cashes out if it closed meanwhile). */
export function afterStartHandRejected(
  state: TableState,
  handId: string,
  reason: string,
): TableEvent[] | null {
  if (state.hand?.handId !== handId) return null;
  return handFinished(state, bytesOf(handId), `start_rejected:${reason}`);
}

/** The table's answers to rejected commands its events caused. */
export const TABLE_REJECTION_HANDLERS = {
  'player/ReserveFunds': (rejection) =>
    afterReserveFundsRejected(rejection.targetRoot, rejection.reason),
  'player/VerifyPlayer': (rejection, state) =>
    undoJoinAfterVerificationRejected(state, rejection.targetRoot, rejection.reason),
  // Refused refunds and cash-outs leave chips between two aggregates: never drop them silently.
  'player/ReleaseFunds': (rejection) => escalation(`ReleaseFunds rejected: ${rejection.reason}`),
  'player/CreditWinnings': (rejection) =>
    escalation(`CreditWinnings rejected: ${rejection.reason}`),
  'hand/StartHand': (rejection, state) =>
    afterStartHandRejected(state, rejection.targetRoot, rejection.reason),
  // The hand had already ended by itself; its HandEnded finishes it here.
  'hand/AbortHand': () => null,
  // The stack gave chips the hand does not expect: they sit nowhere until a person looks.
  'hand/ConfirmStackDeduction': (rejection) =>
    escalation(`ConfirmStackDeduction rejected: ${rejection.reason}`),
} as const satisfies RejectionHandlers<TableState, TableEvent>;
