import { create } from '@bufbuild/protobuf';
import { SitInAtTableSchema, SitOutAtTableSchema, SuspendPlayerSchema } from '@poker/contracts';
import { bytesOf } from '../shared';
import { PokerRoom, act, gateway } from '../testing';

/** A small seeded generator (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): { int(max: number): number; pick<T>(items: readonly T[]): T } {
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
const PLAYERS = Array.from({ length: 6 }, (_, i) => uuid(1, i));
const TABLES = [uuid(2, 0), uuid(2, 1)];

/**
 * Plays random lobby, floor and player commands against two tables and checks that every
 * chip is still there whenever the room is quiet. Commands are sent in small bursts before the
 * room settles, so joins, bets, refunds and closings race each other.
 */
function playRandomly(seed: number, steps: number) {
  const rng = random(seed);
  const room = new PokerRoom();
  let registered = 0;
  PLAYERS.forEach((player, i) => {
    const bankroll = rng.int(1500);
    registered += bankroll;
    room.post('player', player, gateway.register(bankroll, i === 5));
  });
  room.post('player', PLAYERS[4]!, create(SuspendPlayerSchema, { reason: 'review' }));
  for (const t of TABLES) room.post('table', t, gateway.openTable({ maxSeats: 4 }));
  room.settle();
  let hands = 0;

  const liveHand = (t: string) => room.state('table', t).hand?.handId;
  const handCommand = () => {
    const handId = liveHand(rng.pick(TABLES));
    if (!handId) return;
    const hand = room.state('hand', handId);
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
    room.post('hand', handId, rng.pick(options));
    if (rng.int(6) === 0)
      room.post('table', hand.tableId, gateway.floorFold(anyone.playerId, handId));
  };
  const tableCommand = () => {
    const t = rng.pick(TABLES);
    const player = rng.pick(PLAYERS);
    const choice = rng.int(20);
    if (choice < 6)
      room.post('table', t, gateway.requestSeat(player, 1 + rng.int(4), 10 + rng.int(700)));
    else if (choice < 12)
      room.post('table', t, gateway.deal(uuid(3, hands++), [rng.pick(PLAYERS)]));
    else if (choice < 15) room.post('table', t, gateway.leave(player));
    else if (choice < 17)
      room.post('table', t, create(SitOutAtTableSchema, { playerId: bytesOf(player) }));
    else if (choice < 19)
      room.post('table', t, create(SitInAtTableSchema, { playerId: bytesOf(player) }));
    else if (rng.int(10) === 0) room.post('table', t, gateway.close());
  };

  for (let step = 0; step < steps; step++) {
    for (let burst = 1 + rng.int(3); burst > 0; burst--) {
      if (rng.int(3) === 0) tableCommand();
      else handCommand();
    }
    room.settle();
    const total = room.totalChips();
    if (total !== registered) {
      throw new Error(`seed ${seed}, step ${step}: ${total} chips, registered ${registered}`);
    }
  }
  return room;
}

describe('chip conservation', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'keeps every chip through random play (seed %i)',
    (seed) => {
      const room = playRandomly(seed, 150);
      // Every rejection reaching an aggregate has an answer; only a suspended player's
      // reservation is handed to a person.
      expect(room.rejections.filter((r) => r.answer === 'unhandled')).toEqual([]);
      expect(new Set(room.escalations.map((e) => e.reason))).toEqual(
        new Set(room.escalations.length ? ['player_suspended'] : []),
      );
    },
  );

  it('plays hands to the end along the way', () => {
    const room = playRandomly(7, 300);
    const ended = TABLES.flatMap((t) =>
      room.events('table', t).filter((e) => e.$typeName === 'poker.v1.HandFinished'),
    );
    expect(ended.length).toBeGreaterThan(5);
  });
});
