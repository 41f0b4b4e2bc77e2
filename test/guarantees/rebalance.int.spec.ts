import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '../infra';
import { redeliveredCount } from './support/observed-transport';
import { newId, placeBet, rootsOnEveryPartition, startHand } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';

const WAVES = 6;
const PER_WAVE = 8;

/** One bet whose deduction the table refuses: its player is not seated at that table. */
interface Flow {
  readonly hand: string;
  readonly player: string;
}

/**
 * Many bets in flight while second instances of the hand and table services join their
 * consumer groups, take over partitions, and leave again. The leaving instances go the hard
 * way: their last messages' effects are written but their offsets never committed, so the
 * partitions' next owner handles those messages again. Every bet is still reverted once.
 */
describe('consumer group rebalance in the middle of flows', () => {
  let system: PokerSystem;
  let hand: Service;
  let flows: Flow[][];

  beforeAll(async () => {
    system = await PokerSystem.create('rebalance');
    [hand] = await system.startAll('hand', 'table');
    // Each hand bets at a table of its own; each wave's hands and tables cover every partition,
    // so every instance has a share of every wave, whichever partitions it owns.
    flows = await Promise.all(
      Array.from({ length: WAVES }, () => {
        const tables = rootsOnEveryPartition(PER_WAVE);
        return Promise.all(
          rootsOnEveryPartition(PER_WAVE).map(async (handId, i) => {
            const player = newId();
            return { hand: await startHand(system, hand, tables[i]!, [player], handId), player };
          }),
        );
      }),
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  const bet = (wave: number): Promise<void> =>
    system.publish(
      hand,
      flows[wave]!.map((f) => placeBet(system, f.hand, f.player, 10)),
    );

  it('loses no compensation and doubles none while instances join and leave', async () => {
    await bet(0);
    const joining = Promise.all([
      system.start('hand', { instance: '2' }),
      system.start('table', { instance: '2' }),
    ]);
    await bet(1);
    const [hand2, table2] = await joining;
    await bet(2);
    await waitFor(
      () => hand2.transport.deliveries.length > 0 && table2.transport.deliveries.length > 0,
      {
        message: 'the second instances to handle messages of the partitions they took over',
      },
    );

    // From now on the second instances write each message's effects but never commit it.
    hand2.transport.loseCommits();
    table2.transport.loseCommits();
    await bet(3);
    await waitFor(() => hand2.transport.lostCommits > 0 && table2.transport.lostCommits > 0, {
      message: 'the second instances to handle messages whose commits are lost',
    });
    const leaving = Promise.all([hand2.stop(), table2.stop()]);
    await bet(4);
    await leaving;
    await bet(5);

    const all = flows.flat();
    await waitFor(
      async () => {
        const reverted = await Promise.all(
          all.map(async (f) => (await system.eventTypes('hand', f.hand)).includes('BetReverted')),
        );
        return reverted.every(Boolean);
      },
      { timeoutMs: 45_000, message: 'every bet to be reverted' },
    );
    await system.settled();

    const streams = await Promise.all(all.map((f) => system.eventTypes('hand', f.hand)));
    const count = (type: string): number[] =>
      streams.map((s) => s.filter((t) => t === type).length);
    expect(count('BetReverted')).toEqual(all.map(() => 1));
    expect(count('BetPlaced')).toEqual(all.map(() => 1));
    expect(new Set(streams.map((s) => s.join()))).toEqual(
      new Set(['HandStarted,BetPlaced,BetReverted']),
    );
    // The run did redeliver handled messages: the exactly-once effect was put to the test.
    const transports = system.services.map((s) => s.transport);
    expect(redeliveredCount(transports)).toBeGreaterThan(0);
  });
});
