/** Poker reference domain: aggregates and sagas of the player, table and hand services. */
export * from './shared';
export * from './player';
export * from './table';
export * from './hand';
export * from './chips';
export * from './sagas';
export { HAND_SERVICE, PLAYER_SERVICE, POKER_SERVICES, TABLE_SERVICE } from './poker-services';
export type { PokerService } from './poker-services';
