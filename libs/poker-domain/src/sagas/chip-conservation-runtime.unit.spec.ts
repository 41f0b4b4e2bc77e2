import { POKER_FILES } from '@poker/contracts';
import { buildCommandBook, commandMessage } from '@saga-kit/core';
import { createHarness, type Harness } from '@saga-kit/core/testing';
import { POKER_SERVICES } from '../poker-services';
import { playRandomly, seededRandom, type PokerStates } from '../testing';

/**
 * The same random play as on the synchronous room, through saga-kit's runtime: the three poker
 * services with their sagas on the in-memory transport and store, so commands, rejections and
 * compensations travel as messages, concurrently, on partitions. About one command in four is
 * delivered twice (as after a producer retry): the exactly-once effect must keep every chip.
 */
describe('chip conservation through the saga-kit runtime, with duplicate deliveries', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({
      aggregates: POKER_SERVICES.flatMap((s) => s.aggregates),
      sagas: POKER_SERVICES.flatMap((s) => s.sagas),
      registryFiles: POKER_FILES,
      partitions: 4,
    });
  });

  afterEach(async () => {
    await h.stop();
  });

  it.each(Array.from({ length: 16 }, (_, i) => i + 1))(
    'keeps every chip through random play (seed %i)',
    async (seed) => {
      const duplicates = seededRandom(seed * 7919);
      let sent = 0;
      let doubled = 0;
      const run = await playRandomly(
        {
          async post(domain, root, command) {
            const book = buildCommandBook(h.registry, { domain, root, command });
            const message = commandMessage(h.topics, book);
            const twice = duplicates.int(4) === 0;
            await h.transport.publish(twice ? [message, message] : [message]);
            sent += 1;
            if (twice) doubled += 1;
          },
          state: <D extends keyof PokerStates>(domain: D, root: string) =>
            h.state<PokerStates[D]>(domain, root),
          settle: () => h.waitForIdle(),
        },
        seed,
        150,
      );
      expect(run.registered).toBeGreaterThan(0);
      expect(doubled).toBeGreaterThan(0);
      expect(sent).toBeGreaterThan(doubled);
      // The run exercised the failure paths: commands were rejected and compensations appended.
      const kinds = new Set(h.audit.all().map((e) => e.kind));
      expect([...kinds]).toEqual(
        expect.arrayContaining([
          'command.rejected',
          'notification.handled',
          'compensation.appended',
        ]),
      );
      // Only the suspended player's reservations go to a person (a dead letter, and the
      // escalation's own dead letter, no webhook being configured here): no fault, no poison.
      const letters = ['player', 'table', 'hand'].flatMap((d) => h.deadLetters(d));
      expect(new Set(letters.map((l) => l.reason))).toEqual(
        new Set(letters.length > 0 ? ['player_suspended', 'no_escalation_webhook_configured'] : []),
      );
    },
  );
});
