import { create, type Message } from '@bufbuild/protobuf';
import { SitInAtTableSchema, SitOutAtTableSchema, SuspendPlayerSchema } from '@poker/contracts';
import { countChips } from '../chips/total-chips';
import { bytesOf } from '../shared';
import { act } from './hand.fixtures';
import type { PokerDomain, PokerStates } from './poker-room';
import { gateway } from './room.fixtures';

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): {
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
} {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { int, pick: (items) => items[int(items.length)]! };
}

const uuid = (prefix: number, n: number) =>
  `00000000-0000-4000-8000-${(prefix * 1_000_000 + n).toString(16).padStart(12, '0')}`;

/** The players and tables of a random run (hands get ids as they are dealt). */
export const RANDOM_PLAYERS = Array.from({ length: 6 }, (_, i) => uuid(1, i));
export const RANDOM_TABLES = [uuid(2, 0), uuid(2, 1)];

/**
 * What a random run plays against: the synchronous {@link PokerRoom}, or the poker services on
 * a saga-kit runtime.
 */
export interface PokerWorld {
  /** Sends a command (its outcome, accepted or rejected, arrives when the world settles). */
  post(domain: PokerDomain, root: string, command: Message): void | Promise<void>;
  state<D extends PokerDomain>(domain: D, root: string): PokerStates[D] | Promise<PokerStates[D]>;
  /** Returns once every command and every saga command it caused has been handled. */
  settle(): void | Promise<void>;
}

/** What a random run did. */
export interface RandomRun {
  /** The chips the players registered with: the total every quiet moment must show. */
  readonly registered: number;
  /** Hands dealt (requested; some deals are refused). */
  readonly hands: readonly string[];
}

/**
 * Plays random lobby, floor and player commands against two tables and checks that every chip
 * is still there whenever the world is quiet (throws, naming the seed and step, when not).
 * Commands are sent in small bursts before the world settles, so joins, bets, refunds and
 * closings race each other, and many are rejected and compensated.
 */
export async function playRandomly(
  world: PokerWorld,
  seed: number,
  steps: number,
): Promise<RandomRun> {
  const rng = seededRandom(seed);
  let registered = 0;
  for (const [i, player] of RANDOM_PLAYERS.entries()) {
    const bankroll = rng.int(1500);
    registered += bankroll;
    await world.post('player', player, gateway.register(bankroll, i === 5));
  }
  await world.post('player', RANDOM_PLAYERS[4]!, create(SuspendPlayerSchema, { reason: 'review' }));
  for (const t of RANDOM_TABLES) await world.post('table', t, gateway.openTable({ maxSeats: 4 }));
  await world.settle();
  const hands: string[] = [];

  const handCommand = async () => {
    const table = rng.pick(RANDOM_TABLES);
    const handId = (await world.state('table', table)).hand?.handId;
    if (!handId) return;
    const hand = await world.state('hand', handId);
    const prompted = hand.players.find((p) => p.playerId === hand.action?.playerId);
    const anyone = rng.pick(hand.players.length ? hand.players : [undefined]);
    if (!prompted || !anyone) return;
    const call = Math.min(hand.currentBet - prompted.streetBet, prompted.stack);
    const options = [
      act.fold(prompted.playerId),
      call > 0 ? act.bet(prompted.playerId, call) : act.check(prompted.playerId),
      act.bet(prompted.playerId, hand.currentBet + hand.minRaise - prompted.streetBet),
      act.bet(prompted.playerId, prompted.stack),
      act.bet(prompted.playerId, rng.int(prompted.stack + 2)),
      act.expire(prompted.playerId, hand.action!.actionNumber - rng.int(2)),
      act.disconnect(anyone.playerId),
      act.abort('floor decision'),
    ];
    await world.post('hand', handId, rng.pick(options));
    if (rng.int(6) === 0)
      await world.post('table', hand.tableId, gateway.floorFold(anyone.playerId, handId));
  };
  const tableCommand = async () => {
    const t = rng.pick(RANDOM_TABLES);
    const player = rng.pick(RANDOM_PLAYERS);
    const choice = rng.int(20);
    if (choice < 6)
      await world.post('table', t, gateway.requestSeat(player, 1 + rng.int(4), 10 + rng.int(700)));
    else if (choice < 12) {
      const hand = uuid(3, hands.length);
      hands.push(hand);
      await world.post('table', t, gateway.deal(hand, [rng.pick(RANDOM_PLAYERS)]));
    } else if (choice < 15) await world.post('table', t, gateway.leave(player));
    else if (choice < 17)
      await world.post('table', t, create(SitOutAtTableSchema, { playerId: bytesOf(player) }));
    else if (choice < 19)
      await world.post('table', t, create(SitInAtTableSchema, { playerId: bytesOf(player) }));
    else if (rng.int(10) === 0) await world.post('table', t, gateway.close());
  };

  for (let step = 0; step < steps; step++) {
    for (let burst = 1 + rng.int(3); burst > 0; burst--) {
      if (rng.int(3) === 0) await tableCommand();
      else await handCommand();
    }
    await world.settle();
    const total = await chipsIn(world, hands);
    if (total !== registered) {
      throw new Error(`seed ${seed}, step ${step}: ${total} chips, registered ${registered}`);
    }
  }
  return { registered, hands };
}

/** Every chip in the world: bankrolls, reservations, stacks and pots. */
export async function chipsIn(world: PokerWorld, hands: readonly string[]): Promise<number> {
  const all = <D extends PokerDomain>(domain: D, roots: readonly string[]) =>
    Promise.all(roots.map((root) => Promise.resolve(world.state(domain, root))));
  const [players, tables, handStates] = await Promise.all([
    all('player', RANDOM_PLAYERS),
    all('table', RANDOM_TABLES),
    all('hand', hands),
  ]);
  return countChips(players, tables, handStates).total;
}
