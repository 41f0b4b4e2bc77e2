import { create, type Message } from '@bufbuild/protobuf';
import {
  CheckSchema,
  CloseTableSchema,
  DealHandSchema,
  DisconnectPlayerSchema,
  FoldSchema,
  MarkPlayerFoldedSchema,
  OpenTableSchema,
  PlaceBetSchema,
  RegisterPlayerSchema,
  RequestSeatSchema,
  ReserveFundsSchema,
  SuspendPlayerSchema,
  type OpenTable,
} from '@poker/contracts';
import { newId, rootToString, uuidToBytes } from '@saga-kit/core';
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
  check: (player: string) => create(CheckSchema, { playerId: uuidToBytes(player) }),
  fold: (player: string) => create(FoldSchema, { playerId: uuidToBytes(player) }),
  disconnect: (player: string) => create(DisconnectPlayerSchema, { playerId: uuidToBytes(player) }),
  closeTable: (reason = 'closing time') => create(CloseTableSchema, { reason }),
};

/** Sends a setup command, waits for its consequences, and fails loudly if it is refused. */
export async function setUp(
  room: DemoRoom,
  domain: string,
  root: string,
  command: Message,
  correlationId?: string,
): Promise<void> {
  const outcome = await room.send(domain, root, command, correlationId);
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

/** Options of {@link threeHanded}. */
interface ThreeHandedOptions {
  /** Changes to the table's configuration. */
  table?: Partial<Omit<OpenTable, '$typeName'>>;
  /** The correlation id the hand is dealt in. */
  dealCorrelation?: string;
  /** The showdown ranking of the hand, best first. */
  ranking?: readonly ('alice' | 'bob' | 'carol')[];
}

/**
 * Three players (1000 each) seated at seats 1-3 with 500 at a freshly opened table, and a hand
 * dealt: the button is on seat 1 (Alice), Bob posts 5, Carol 10, and Alice is prompted first.
 */
export async function threeHanded(
  room: DemoRoom,
  options: ThreeHandedOptions = {},
): Promise<ReturnType<typeof freshIds>> {
  const ids = freshIds();
  const players = [ids.alice, ids.bob, ids.carol];
  await registerPlayers(
    room,
    players.map((p) => [p, 1000] as const),
  );
  await setUp(room, 'table', ids.table, commands.openTable(options.table));
  await seatPlayers(
    room,
    ids.table,
    players.map((p, i) => [p, i + 1, 500] as const),
  );
  const ranking = (options.ranking ?? []).map((name) => ids[name]);
  await setUp(room, 'table', ids.table, commands.deal(ids.hand, ranking), options.dealCorrelation);
  return ids;
}

/** The events of a stream as plain data: short type name and fields, ids as UUIDs. */
export async function plainEvents(
  room: DemoRoom,
  domain: string,
  root: string,
): Promise<Record<string, unknown>[]> {
  return (await room.events(domain, root)).map((e) => {
    const fields: Record<string, unknown> = { type: e.$typeName.replace(/^.*\./, '') };
    for (const [key, value] of Object.entries(e)) {
      if (key.startsWith('$')) continue;
      fields[key] =
        value instanceof Uint8Array && value.length === 16 ? rootToString(value) : value;
    }
    return fields;
  });
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
