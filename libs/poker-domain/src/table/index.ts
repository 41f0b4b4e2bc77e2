export { initialTableState, seatsInOrder } from './table.state';
export type {
  HandAtTable,
  SeatRequest,
  SeatStatus,
  TableSeat,
  TableState,
  TableStatus,
} from './table.state';
export type { TableCommand, TableEvent } from './table.messages';
export { TABLE_REJECTIONS } from './table.rejections';
export type { SeatingProblem, TableRejection } from './table.rejections';
export { decideTable } from './table.decide';
export { evolveTable } from './table.evolve';
export {
  TABLE_REJECTION_HANDLERS,
  afterReserveFundsRejected,
  afterStartHandRejected,
  undoJoinAfterVerificationRejected,
} from './table.compensations';
export { TableAggregate } from './table.aggregate';
