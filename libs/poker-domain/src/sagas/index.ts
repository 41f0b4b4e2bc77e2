export type { Reaction } from './reaction';
export { playerToTable } from './player-table.reactions';
export { tableToPlayer } from './table-player.reactions';
export { TABLE_CLOSED, tableToHand } from './table-hand.reactions';
export { CREDIT_REASONS, handToTable } from './hand-table.reactions';
export { PlayerTableSaga } from './player-table.saga';
export { TablePlayerSaga } from './table-player.saga';
export { TableHandSaga } from './table-hand.saga';
export { HandTableSaga } from './hand-table.saga';
