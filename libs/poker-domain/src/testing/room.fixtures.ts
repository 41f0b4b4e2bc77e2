import { create } from '@bufbuild/protobuf';
import {
  CloseTableSchema,
  DealHandSchema,
  LeaveTableSchema,
  MarkPlayerFoldedSchema,
  OpenTableSchema,
  RegisterPlayerSchema,
  RequestSeatSchema,
  type OpenTable,
} from '@poker/contracts';
import { bytesOf } from '../shared';
import { ids } from './fixtures';
import { PokerRoom } from './poker-room';

/** Commands a gateway (lobby, floor, dealer) sends. */
export const gateway = {
  register: (bankroll: number, kycPending = false) =>
    create(RegisterPlayerSchema, { name: 'player', bankroll, kycPending }),
  openTable: (change: Partial<Omit<OpenTable, '$typeName'>> = {}) =>
    create(OpenTableSchema, {
      name: 'main',
      maxSeats: 6,
      smallBlind: 5,
      bigBlind: 10,
      minBuyIn: 10,
      maxBuyIn: 1000,
      actionTimeoutSeconds: 30,
      ...change,
    }),
  requestSeat: (player: string, seat: number, buyIn: number) =>
    create(RequestSeatSchema, { playerId: bytesOf(player), seat, buyIn }),
  deal: (handId: string, ranking: readonly string[] = []) =>
    create(DealHandSchema, { handId: bytesOf(handId), showdownRanking: ranking.map(bytesOf) }),
  leave: (player: string) => create(LeaveTableSchema, { playerId: bytesOf(player) }),
  floorFold: (player: string, handId: string) =>
    create(MarkPlayerFoldedSchema, { playerId: bytesOf(player), handId: bytesOf(handId) }),
  close: (reason = 'closing time') => create(CloseTableSchema, { reason }),
};

/**
 * A room with registered players (id, bankroll), the fixture table open, and each player in
 * `seated` sat down through the whole seat-request flow with the given (seat, buy-in).
 */
export function roomWith(
  players: readonly (readonly [string, number])[],
  seated: readonly (readonly [string, number, number])[] = [],
  table: Partial<Omit<OpenTable, '$typeName'>> = {},
): PokerRoom {
  const room = new PokerRoom();
  for (const [player, bankroll] of players) room.send('player', player, gateway.register(bankroll));
  room.send('table', ids.table, gateway.openTable(table));
  for (const [player, seat, buyIn] of seated) {
    room.send('table', ids.table, gateway.requestSeat(player, seat, buyIn));
  }
  return room;
}

/**
 * Alice, bob and carol registered with 1000 and seated at seats 1-3 with 500, and the fixture
 * hand dealt with `ranking` at showdown: the button is on alice, who acts first (10 to call).
 */
export function dealtRoom(ranking: readonly string[] = []): PokerRoom {
  const players = [ids.alice, ids.bob, ids.carol];
  const room = roomWith(
    players.map((p) => [p, 1000] as const),
    players.map((p, i) => [p, i + 1, 500] as const),
  );
  return room.send('table', ids.table, gateway.deal(ids.hand, ranking));
}
