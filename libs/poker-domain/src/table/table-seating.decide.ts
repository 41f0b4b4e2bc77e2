import { create } from '@bufbuild/protobuf';
import {
  PlayerJoinedSchema,
  PlayerLeftSchema,
  PlayerSatInSchema,
  PlayerSatOutSchema,
  SeatConfirmedSchema,
  SeatRequestedSchema,
  type ConfirmSeat,
  type JoinTable,
  type LeaveTable,
  type RequestSeat,
  type SitInAtTable,
  type SitOutAtTable,
} from '@poker/contracts';
import { bytesOf, idOf } from '../shared';
import type { TableEvent } from './table.messages';
import { rejectTableCommand as reject, type SeatingProblem } from './table.rejections';
import type { TableSeat, TableState } from './table.state';

/**
 * Why `playerId` cannot take `seat` with `buyIn` now, or null. Seats are not held while the
 * buy-in is reserved, so two requests may race for one seat: JoinTable settles it.
 */
export function seatingProblem(
  state: TableState,
  playerId: string,
  seat: number,
  buyIn: number,
): SeatingProblem | null {
  if (state.status !== 'open') return 'table_closed';
  if (seat < 1 || seat > state.maxSeats) return 'invalid_seat';
  if (buyIn < state.minBuyIn || buyIn > state.maxBuyIn) return 'buy_in_out_of_range';
  if (state.seats[playerId]) return 'already_seated';
  const taken = Object.values(state.seats);
  if (taken.length >= state.maxSeats) return 'table_full';
  if (taken.some((s) => s.seat === seat)) return 'seat_taken';
  return null;
}

export function requestSeat(command: RequestSeat, state: TableState): TableEvent[] {
  const playerId = idOf(command.playerId);
  const problem = seatingProblem(state, playerId, command.seat, command.buyIn);
  if (problem) throw reject('RequestSeat', problem);
  if (state.requests[playerId]) throw reject('RequestSeat', 'request_pending');
  const { playerId: player, seat, buyIn } = command;
  return [create(SeatRequestedSchema, { playerId: player, seat, buyIn })];
}

export function joinTable(command: JoinTable, state: TableState): TableEvent[] {
  const problem = seatingProblem(state, idOf(command.playerId), command.seat, command.buyIn);
  if (problem) throw reject('JoinTable', problem);
  const { playerId, seat, buyIn } = command;
  return [create(PlayerJoinedSchema, { playerId, seat, buyIn })];
}

export function confirmSeat(command: ConfirmSeat, state: TableState): TableEvent[] {
  const seat = state.seats[idOf(command.playerId)];
  if (!seat) throw reject('ConfirmSeat', 'player_not_seated');
  if (seat.status === 'playing') return [];
  const confirmed = create(SeatConfirmedSchema, { playerId: command.playerId, seat: seat.seat });
  // A table that closed while the player was being verified pays the buy-in straight back out.
  return state.status === 'closed' ? [confirmed, cashOut(seat)] : [confirmed];
}

export function leaveTable(command: LeaveTable, state: TableState): TableEvent[] {
  const seat = state.seats[idOf(command.playerId)];
  if (!seat) throw reject('LeaveTable', 'player_not_seated');
  if (seat.status === 'pending') throw reject('LeaveTable', 'seat_not_confirmed');
  // The hand may still move this stack (bets, pots, refunds), so its owner waits for the end.
  if (state.hand?.players.includes(seat.playerId)) throw reject('LeaveTable', 'player_in_hand');
  return [cashOut(seat)];
}

export function sitOut(command: SitOutAtTable, state: TableState): TableEvent[] {
  const seat = state.seats[idOf(command.playerId)];
  if (!seat) throw reject('SitOutAtTable', 'player_not_seated');
  if (seat.sittingOut) return [];
  return [create(PlayerSatOutSchema, { playerId: command.playerId, reason: command.reason })];
}

export function sitIn(command: SitInAtTable, state: TableState): TableEvent[] {
  const seat = state.seats[idOf(command.playerId)];
  if (!seat) throw reject('SitInAtTable', 'player_not_seated');
  if (seat.status === 'pending') throw reject('SitInAtTable', 'seat_not_confirmed');
  if (!seat.sittingOut) return [];
  return [create(PlayerSatInSchema, { playerId: command.playerId })];
}

/** The seat's owner leaves with the whole stack; the table-player saga credits the bankroll. */
export function cashOut(seat: TableSeat): TableEvent {
  return create(PlayerLeftSchema, {
    playerId: bytesOf(seat.playerId),
    seat: seat.seat,
    cashOut: seat.stack,
  });
}
