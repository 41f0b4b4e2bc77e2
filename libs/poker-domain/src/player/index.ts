export { initialPlayerState } from './player.state';
export type { PlayerState, Reservation } from './player.state';
export type { PlayerCommand, PlayerEvent } from './player.messages';
export { PLAYER_REJECTIONS } from './player.rejections';
export type { PlayerRejection } from './player.rejections';
export { decidePlayer } from './player.decide';
export { evolvePlayer } from './player.evolve';
export { PLAYER_REJECTION_HANDLERS, releaseAfterJoinRejected } from './player.compensations';
export { PlayerAggregate } from './player.aggregate';
