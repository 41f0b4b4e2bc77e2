import { create } from '@bufbuild/protobuf';
import {
  HandDealtSchema,
  HandFinishedSchema,
  HandSeatSchema,
  TableClosedSchema,
  TableOpenedSchema,
  type CloseTable,
  type DealHand,
  type FinishHand,
  type OpenTable,
} from '@poker/contracts';
import { bytesOf, idOf } from '../shared';
import { cashOut } from './table-seating.decide';
import type { TableEvent } from './table.messages';
import { rejectTableCommand as reject } from './table.rejections';
import { seatsInOrder, type TableSeat, type TableState } from './table.state';

/** Seats a table may have; ten-handed is the largest ring game. */
const MAX_SEATS = 10;

export function openTable(command: OpenTable, state: TableState): TableEvent[] {
  if (state.status !== 'unopened') throw reject('OpenTable', 'table_already_opened');
  const { maxSeats, smallBlind, bigBlind, minBuyIn, maxBuyIn, actionTimeoutSeconds } = command;
  const valid =
    maxSeats >= 2 &&
    maxSeats <= MAX_SEATS &&
    smallBlind >= 1 &&
    bigBlind >= smallBlind &&
    // A buy-in must at least cover one big blind, or the first hand sits the player out.
    minBuyIn >= bigBlind &&
    maxBuyIn >= minBuyIn &&
    actionTimeoutSeconds >= 1;
  if (!valid) throw reject('OpenTable', 'invalid_configuration');
  const { name } = command;
  const config = { name, maxSeats, smallBlind, bigBlind, minBuyIn, maxBuyIn, actionTimeoutSeconds };
  return [create(TableOpenedSchema, config)];
}

/** Seats dealt into the next hand: verified, sitting in and with chips. */
export function dealableSeats(state: TableState): TableSeat[] {
  return seatsInOrder(state).filter((s) => s.status === 'playing' && !s.sittingOut && s.stack > 0);
}

export function dealHand(command: DealHand, state: TableState): TableEvent[] {
  if (state.status !== 'open') throw reject('DealHand', 'table_closed');
  if (state.hand) throw reject('DealHand', 'hand_in_progress');
  const dealt = dealableSeats(state);
  if (dealt.length < 2) throw reject('DealHand', 'not_enough_players');
  // The button moves to the next dealt seat after the last one (wrapping round the table).
  const last = state.button ?? 0;
  const button = (dealt.find((s) => s.seat > last) ?? dealt[0]!).seat;
  return [
    create(HandDealtSchema, {
      handId: command.handId,
      seats: dealt.map((s) =>
        create(HandSeatSchema, { playerId: bytesOf(s.playerId), seat: s.seat, stack: s.stack }),
      ),
      smallBlind: state.smallBlind,
      bigBlind: state.bigBlind,
      button,
      actionTimeoutSeconds: state.actionTimeoutSeconds,
      showdownRanking: command.showdownRanking,
    }),
  ];
}

export function finishHand(command: FinishHand, state: TableState): TableEvent[] {
  if (!state.hand || state.hand.handId !== idOf(command.handId)) {
    throw reject('FinishHand', 'unknown_hand');
  }
  return handFinished(state, command.handId, command.reason);
}

/**
 * The hand is over: a table that closed during it now cashes everybody out, its refunds having
 * reached the stacks first (the hand-table saga sends them before FinishHand, in stream order).
 */
export function handFinished(state: TableState, handId: Uint8Array, reason: string): TableEvent[] {
  const finished = create(HandFinishedSchema, { handId, reason });
  return state.status === 'closed' ? [finished, ...cashOuts(state)] : [finished];
}

export function closeTable(command: CloseTable, state: TableState): TableEvent[] {
  if (state.status !== 'open') throw reject('CloseTable', 'table_closed');
  const closed = create(TableClosedSchema, {
    reason: command.reason,
    handInProgress: state.hand ? bytesOf(state.hand.handId) : new Uint8Array(),
  });
  // With a hand running, stacks are still moving: cash-out waits for FinishHand.
  return state.hand ? [closed] : [closed, ...cashOuts(state)];
}

/**
 * Every verified seat leaves with its stack. Pending seats stay until their verification
 * settles: ConfirmSeat then cashes them out, a failed one refunds the reservation.
 */
function cashOuts(state: TableState): TableEvent[] {
  return seatsInOrder(state)
    .filter((s) => s.status === 'playing')
    .map(cashOut);
}
