import { rejecterFor, type ShortName } from '../shared';
import type { TableCommand } from './table.messages';

/** Reasons a seat cannot be taken; RequestSeat checks them early, JoinTable with authority. */
const SEATING = [
  'table_closed',
  'invalid_seat',
  'buy_in_out_of_range',
  'already_seated',
  'table_full',
  'seat_taken',
] as const;

/** The closed set of reasons each table command may be rejected with. */
export const TABLE_REJECTIONS = {
  OpenTable: ['table_already_opened', 'invalid_configuration'],
  RequestSeat: [...SEATING, 'request_pending'],
  JoinTable: SEATING,
  ConfirmSeat: ['player_not_seated'],
  LeaveTable: ['player_not_seated', 'seat_not_confirmed', 'player_in_hand'],
  DeductFromPlayerStack: [
    'player_not_seated',
    'player_folded',
    'invalid_amount',
    'insufficient_stack',
  ],
  CreditPlayerStack: ['player_not_seated', 'invalid_amount'],
  MarkPlayerFolded: ['player_not_seated', 'unknown_hand'],
  SitOutAtTable: ['player_not_seated'],
  SitInAtTable: ['player_not_seated', 'seat_not_confirmed'],
  DealHand: ['table_closed', 'hand_in_progress', 'not_enough_players'],
  FinishHand: ['unknown_hand'],
  CloseTable: ['table_closed'],
} as const satisfies Record<ShortName<TableCommand>, readonly string[]>;

/** A reason `command` may be rejected with. */
export type TableRejection<C extends keyof typeof TABLE_REJECTIONS> =
  (typeof TABLE_REJECTIONS)[C][number];

/** Why a seat cannot be taken. */
export type SeatingProblem = (typeof SEATING)[number];

export const rejectTableCommand = rejecterFor(TABLE_REJECTIONS);
