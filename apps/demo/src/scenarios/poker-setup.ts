import { create, type Message } from '@bufbuild/protobuf';
import {
  CloseTableSchema,
  DealHandSchema,
  MarkPlayerFoldedSchema,
  OpenTableSchema,
  PlaceBetSchema,
  RegisterPlayerSchema,
  RequestSeatSchema,
  ReserveFundsSchema,
  SuspendPlayerSchema,
  type OpenTable,
} from '@poker/contracts';
import { newId, uuidToBytes } from '@saga-kit/core';
import type { DemoRoom } from '../demo-system';

/** Fresh ids for one scenario run, so runs never share an aggregate. */
export function freshIds(): Record<'alice' | 'bob' | 'carol' | 'dave' | 'table' | 'hand', string> {
  return {
    alice: newId(),
    bob: newId(),
    carol: newId(),
    dave: newId(),
    table: newId(),
    hand: newId(),
  };
}

/** A correlation id that says which scenario it belongs to. */
export function correlationFor(scenario: string): string {
  return `${scenario}-${newId().slice(0, 8)}`;
}

/** The commands the lobby, the floor and the players send. */
export const commands = {
  register: (bankroll: number, kycPending = false) =>
    create(RegisterPlayerSchema, { name: 'player', bankroll, kycPending }),
  suspend: (reason: string) => create(SuspendPlayerSchema, { reason }),
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
    create(RequestSeatSchema, { playerId: uuidToBytes(player), seat, buyIn }),
  reserve: (table: string, seat: number, amount: number) =>
    create(ReserveFundsSchema, { tableId: uuidToBytes(table), seat, amount }),
  deal: (hand: string, ranking: readonly string[] = []) =>
    create(DealHandSchema, {
      handId: uuidToBytes(hand),
      showdownRanking: ranking.map(uuidToBytes),
    }),
  floorFold: (player: string, hand: string) =>
    create(MarkPlayerFoldedSchema, { playerId: uuidToBytes(player), handId: uuidToBytes(hand) }),
  bet: (player: string, amount: number) =>
    create(PlaceBetSchema, { playerId: uuidToBytes(player), amount }),
  closeTable: (reason = 'closing time') => create(CloseTableSchema, { reason }),
};

/** Sends a setup command, waits for its consequences, and fails loudly if it is refused. */
export async function setUp(
  room: DemoRoom,
  domain: string,
  root: string,
  command: Message,
): Promise<void> {
  const outcome = await room.send(domain, root, command);
  if (outcome.result.case !== 'accepted') {
    const why = outcome.result.case === 'rejected' ? outcome.result.value.reason : 'no outcome';
    throw new Error(`setup ${command.$typeName} at ${domain} was refused: ${why}`);
  }
  await room.settle();
}

/** Registers each player with a bankroll. */
export async function registerPlayers(
  room: DemoRoom,
  players: readonly (readonly [string, number])[],
): Promise<void> {
  for (const [player, bankroll] of players) {
    await setUp(room, 'player', player, commands.register(bankroll));
  }
}

/** Seats each player through the whole seat-request flow (reserve, join, verify, confirm). */
export async function seatPlayers(
  room: DemoRoom,
  table: string,
  seats: readonly (readonly [string, number, number])[],
): Promise<void> {
  for (const [player, seat, buyIn] of seats) {
    await setUp(room, 'table', table, commands.requestSeat(player, seat, buyIn));
  }
}

/** The `reason` field of the last event of `type` in a stream, if any. */
export async function reasonOf(
  room: DemoRoom,
  domain: string,
  root: string,
  type: string,
): Promise<string | undefined> {
  const event = (await room.events(domain, root)).findLast((e) => e.$typeName.endsWith(`.${type}`));
  const reason = (event as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}
