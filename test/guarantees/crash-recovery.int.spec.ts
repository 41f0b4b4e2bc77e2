import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deterministicId, Headers, newId as newMessageId } from '@saga-kit/core';
import { resolve } from 'node:path';
import { waitFor } from '../infra';
import { newId, openTable, seatDirectly } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';
import type { TopicReader } from './support/topic-reader';
import { spawnTypeScript } from './support/typescript-process';

const CRASHING_HAND = resolve(__dirname, 'support/crashing-hand.process.ts');

/**
 * The hand service is killed (SIGKILL) after a bet's append committed in Redis and before its
 * outbox relay finished publishing it. When the service comes back, the bet's event reaches the
 * hand-table saga, and the table takes the chips once, even when the event went out twice.
 */
describe('a crash between the append and the publish', () => {
  let system: PokerSystem;
  let table: Service;
  let events: TopicReader;
  let tableId: string;
  let seats = 0;

  beforeAll(async () => {
    system = await PokerSystem.create('crash');
    [table, events] = await Promise.all([
      // Its relay only runs after its own appends: no other process publishes the hand's outbox
      // while the hand is down, so the restart is what recovers the bet.
      system.start('table', { runtime: { relay: { pollIntervalMs: 0 } } }),
      system.reader([system.topics.events('hand')]),
    ]);
    tableId = await openTable(system, table);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const deducted = async (handId: string): Promise<number> =>
    (await system.events('table', tableId)).filter(
      (e) =>
        e.$typeName === 'poker.v1.StackDeducted' && 'handId' in e && sameRoot(e.handId, handId),
    ).length;

  it.each([
    ['before the event was published', 'before-publish', 1],
    ['after the event was published, before the outbox was acknowledged', 'after-publish', 2],
  ] as const)('recovers a crash %s', async (_, crashPoint, copiesOnTheWire) => {
    const playerId = await seatDirectly(system, table, tableId, ++seats, 500);
    await table.runtime.relay.flush();
    const handId = newId();
    const betId = newMessageId();
    const correlationId = newId();
    const child = spawnTypeScript('crashing-hand', CRASHING_HAND, [
      system.prefix,
      crashPoint,
      handId,
      tableId,
      playerId,
      betId,
      correlationId,
    ]);
    try {
      expect(await child.firstStdoutLines(1, 30_000)).toEqual(['stalled']);
    } finally {
      await child.kill();
    }

    // The append survived the crash, and its event is still queued in the outbox.
    expect(await system.eventTypes('hand', handId)).toEqual(['HandStarted', 'BetPlaced']);
    const eventsId = deterministicId('events', betId);
    expect((await system.pendingIds()).includes(eventsId)).toBe(true);

    const hand = await system.start('hand', { instance: `restarted-${crashPoint}` });
    try {
      await waitFor(async () => (await deducted(handId)) > 0, {
        message: 'the table to take the chips of the recovered bet',
      });
      // At least once: the relay that restarted publishes it, and whoever published it before.
      const copies = () =>
        events
          .of(system.topics.events('hand'))
          .filter((m) => m.headers[Headers.MessageId] === eventsId).length;
      await waitFor(() => copies() >= copiesOnTheWire, {
        message: `${copiesOnTheWire} copies of the bet's event on the wire`,
      });
      await system.settled();

      expect(await deducted(handId)).toBe(1);
      expect(await system.eventTypes('hand', handId)).toEqual(['HandStarted', 'BetPlaced']);
      const kinds = (await system.timeline(correlationId)).map((e) => e.kind).sort();
      expect(kinds).toEqual(['command.accepted', 'command.accepted', 'command.issued']);
    } finally {
      // The hand service goes down again: the next case's crash must be recovered by its restart.
      await hand.stop();
    }
  });
});

function sameRoot(bytes: unknown, id: string): boolean {
  return bytes instanceof Uint8Array && Buffer.from(bytes).toString('hex') === id.replace(/-/g, '');
}
