import type {
  BuyInRefunded,
  CloseTable,
  ConfirmSeat,
  CreditPlayerStack,
  DealHand,
  DeductFromPlayerStack,
  FinishHand,
  HandDealt,
  HandFinished,
  JoinRejected,
  JoinTable,
  LeaveTable,
  MarkPlayerFolded,
  OpenTable,
  PlayerFoldedAtTable,
  PlayerJoined,
  PlayerLeft,
  PlayerSatIn,
  PlayerSatOut,
  RequestSeat,
  SeatConfirmed,
  SeatReleased,
  SeatRequested,
  SitInAtTable,
  SitOutAtTable,
  StackCredited,
  StackDeducted,
  TableClosed,
  TableOpened,
} from '@poker/contracts';

/** Every command the table aggregate decides. */
export type TableCommand =
  | OpenTable
  | RequestSeat
  | JoinTable
  | ConfirmSeat
  | LeaveTable
  | DeductFromPlayerStack
  | CreditPlayerStack
  | MarkPlayerFolded
  | SitOutAtTable
  | SitInAtTable
  | DealHand
  | FinishHand
  | CloseTable;

/** Every event of a table stream. */
export type TableEvent =
  | TableOpened
  | SeatRequested
  | PlayerJoined
  | SeatConfirmed
  | PlayerLeft
  | SeatReleased
  | BuyInRefunded
  | JoinRejected
  | StackDeducted
  | StackCredited
  | PlayerFoldedAtTable
  | PlayerSatOut
  | PlayerSatIn
  | HandDealt
  | HandFinished
  | TableClosed;
