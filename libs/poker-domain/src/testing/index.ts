export { NOW, catalogPairs, contextAt, ids, plainOf, rejectionOf } from './fixtures';
export { handDealt, joined, seated, tableOpened } from './table.fixtures';
export { HandScript, act, playOf, startHand, typesOf } from './hand.fixtures';
export { PokerRoom } from './poker-room';
export type { PokerDomain, PokerStates, RoomRejection } from './poker-room';
export { dealtRoom, gateway, roomWith } from './room.fixtures';
export { RANDOM_PLAYERS, RANDOM_TABLES, chipsIn, playRandomly, seededRandom } from './random-play';
export type { PokerWorld, RandomRun } from './random-play';
