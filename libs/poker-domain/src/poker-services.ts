import type { NestInterceptor, Type } from '@nestjs/common';
import { ActionRetryInterceptor } from './hand/action-retry.interceptor';
import { HandAggregate } from './hand/hand.aggregate';
import { PlayerAggregate } from './player/player.aggregate';
import { HandTableSaga } from './sagas/hand-table.saga';
import { HandTimersSaga } from './sagas/hand-timers.saga';
import { PlayerTableSaga } from './sagas/player-table.saga';
import { TableHandSaga } from './sagas/table-hand.saga';
import { TablePlayerSaga } from './sagas/table-player.saga';
import { TableAggregate } from './table/table.aggregate';

/**
 * What one poker service hosts: its aggregate, the sagas fed by that aggregate's events, and the
 * interceptors of its HTTP gateway (installed app-wide, as `APP_INTERCEPTOR`s).
 */
export interface PokerService {
  readonly domain: 'player' | 'table' | 'hand';
  readonly aggregates: readonly (new () => object)[];
  readonly sagas: readonly (new () => object)[];
  readonly gatewayInterceptors: readonly Type<NestInterceptor>[];
}

/** The player service: bankrolls, and the saga that joins reserved buy-ins to tables. */
export const PLAYER_SERVICE: PokerService = {
  domain: 'player',
  aggregates: [PlayerAggregate],
  sagas: [PlayerTableSaga],
  gatewayInterceptors: [],
};

/** The table service: seats and stacks, and the sagas towards players and hands. */
export const TABLE_SERVICE: PokerService = {
  domain: 'table',
  aggregates: [TableAggregate],
  sagas: [TablePlayerSaga, TableHandSaga],
  gatewayInterceptors: [],
};

/**
 * The hand service: deals, the saga that moves chips at the table, the players' shot clocks, and a
 * gateway that prompts a player again after an illegal action.
 */
export const HAND_SERVICE: PokerService = {
  domain: 'hand',
  aggregates: [HandAggregate],
  sagas: [HandTableSaga, HandTimersSaga],
  gatewayInterceptors: [ActionRetryInterceptor],
};

/** All three, e.g. for an embedded single-process demo. */
export const POKER_SERVICES: readonly PokerService[] = [
  PLAYER_SERVICE,
  TABLE_SERVICE,
  HAND_SERVICE,
];
