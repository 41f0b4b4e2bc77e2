import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deterministicId } from '@saga-kit/core';
import { startKafkaMock, waitFor, type KafkaMock } from '../infra';
import { newId, placeBet, rootsOnEveryPartition, startHand } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';

const ALL_BROKERS = -1;
const PER_WAVE = 8;

interface Flow {
  readonly hand: string;
  readonly player: string;
}

/**
 * Every broker goes down while bets are in flight, and more bets are taken meanwhile (their
 * appends succeed; their events wait in the outbox). Once the brokers are back, every flow
 * completes, once. Faults hit a whole cluster, so this suite runs on a private mock cluster.
 */
describe('all brokers down for a while', () => {
  let mock: KafkaMock;
  let system: PokerSystem;
  let hand: Service;
  let waves: Flow[][];

  beforeAll(async () => {
    mock = await startKafkaMock({ brokers: 3 });
    system = await PokerSystem.create('outage', {
      brokers: mock.brokers,
      control: mock.control,
      mock: true,
    });
    [hand] = await Promise.all([
      system.start('hand'),
      // Services share the outbox, and any relay would publish the hand's events. The table's
      // relay runs only after its own appends (none during the outage): the hand's relay alone
      // must keep what it failed to publish, and publish it once the brokers are back.
      system.start('table', { runtime: { relay: { pollIntervalMs: 0 } } }),
    ]);
    // Each hand bets at a table of its own where the player is not seated: the table refuses,
    // the hand reverts. Three hops over Kafka per flow.
    waves = await Promise.all(
      [0, 1, 2].map(() =>
        Promise.all(
          rootsOnEveryPartition(PER_WAVE).map(async (handId) => {
            const player = newId();
            return { hand: await startHand(system, hand, newId(), [player], handId), player };
          }),
        ),
      ),
    );
  });

  afterAll(async () => {
    await system?.stop();
    await mock?.stop();
  });

  const bets = (flows: readonly Flow[]) => flows.map((f) => placeBet(system, f.hand, f.player, 10));

  it('loses nothing and completes every flow once the brokers are back', async () => {
    const [before, during, after] = waves as [Flow[], Flow[], Flow[]];
    await system.publish(hand, bets(before));
    await mock.control.brokerDown(ALL_BROKERS);

    // Taken by the hand's gateway during the outage: appended, then stuck in the outbox.
    const taken = bets(during);
    const outcomes = await Promise.all(taken.map((b) => hand.runtime.send(b)));
    expect(outcomes.map((o) => o.result.case)).toEqual(during.map(() => 'accepted'));
    // The outage lasts until the relay failed to publish one of their events, not a guessed time.
    const queued = taken.map((b) => deterministicId('events', b.commandId));
    await waitFor(() => queued.some((id) => hand.transport.failedToPublish.has(id)), {
      timeoutMs: 30_000,
      message: 'the outbox relay to fail to publish an event appended during the outage',
    });
    await mock.control.brokerUp(ALL_BROKERS);
    await system.publish(hand, bets(after));

    const all = [...before, ...during, ...after];
    await waitFor(
      async () => {
        const streams = await Promise.all(all.map((f) => system.eventTypes('hand', f.hand)));
        return streams.every((s) => s.includes('BetReverted'));
      },
      { timeoutMs: 60_000, message: 'every bet to be reverted' },
    );
    await system.settled(60_000);

    const streams = await Promise.all(all.map((f) => system.eventTypes('hand', f.hand)));
    expect(streams.filter((s) => s.join() !== 'HandStarted,BetPlaced,BetReverted')).toEqual([]);
  }, 120_000);
});
