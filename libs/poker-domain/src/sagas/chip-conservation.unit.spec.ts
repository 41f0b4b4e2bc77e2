import { PokerRoom, RANDOM_TABLES, playRandomly } from '../testing';

/** Random play on the synchronous room: every rejection answered, every chip kept. */
async function playInRoom(seed: number, steps: number): Promise<PokerRoom> {
  const room = new PokerRoom();
  await playRandomly(
    {
      post: (domain, root, command) => void room.post(domain, root, command),
      state: (domain, root) => room.state(domain, root),
      settle: () => void room.settle(),
    },
    seed,
    steps,
  );
  return room;
}

describe('chip conservation', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'keeps every chip through random play (seed %i)',
    async (seed) => {
      const room = await playInRoom(seed, 150);
      // Every rejection reaching an aggregate has an answer; only a suspended player's
      // reservation is handed to a person.
      expect(room.rejections.filter((r) => r.answer === 'unhandled')).toEqual([]);
      expect(new Set(room.escalations.map((e) => e.reason))).toEqual(
        new Set(room.escalations.length ? ['player_suspended'] : []),
      );
    },
  );

  it('plays hands to the end along the way', async () => {
    const room = await playInRoom(7, 300);
    const ended = RANDOM_TABLES.flatMap((t) =>
      room.events('table', t).filter((e) => e.$typeName === 'poker.v1.HandFinished'),
    );
    expect(ended.length).toBeGreaterThan(5);
  });
});
