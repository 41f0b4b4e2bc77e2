/** Poker reference system contracts (`poker.v1`): commands and events of hand, table and player. */
import { file_poker_v1_hand } from './gen/poker/v1/hand_pb';
import { file_poker_v1_player } from './gen/poker/v1/player_pb';
import { file_poker_v1_table } from './gen/poker/v1/table_pb';

export * from './gen/poker/v1/hand_pb';
export * from './gen/poker/v1/player_pb';
export * from './gen/poker/v1/table_pb';

/** Every poker file descriptor, to register with a saga-kit `TypeRegistry`. */
export const POKER_FILES = [file_poker_v1_player, file_poker_v1_table, file_poker_v1_hand] as const;
