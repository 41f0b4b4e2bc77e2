import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { MarkPlayerFoldedSchema } from '@poker/contracts';
import { renderTimelineText, uuidToBytes, type AuditEntry } from '@saga-kit/core';
import type { HandState, TableState } from '../../libs/saga-kit/src/testing/fixtures';
import { waitFor } from '../infra';
import { newId, openTable, placeBet, seatThroughSagas, startHand } from './support/poker-flows';
import { PokerSystem, type Service } from './support/poker-system';

/**
 * The story saga-kit exists for, with each service in its own runtime, Kafka client and Redis
 * connection, talking only through Kafka: a bet is placed at the hand, the hand-table saga asks
 * the table for the chips, the table refuses ("player_folded"), and the rejection goes straight
 * back to the hand, whose @Rejected handler reverts the bet.
 */
describe('seed story across three services on Kafka and Redis', () => {
  let system: PokerSystem;
  let hand: Service;
  let table: Service;
  let player: Service;
  let tableId: string;
  let folded: string;
  let playing: string;

  beforeAll(async () => {
    system = await PokerSystem.create('seed');
    [hand, table, player] = await system.startAll('hand', 'table', 'player');
    tableId = await openTable(system, table);
    [folded, playing] = await Promise.all([
      seatThroughSagas(system, player, tableId, 1, 500),
      seatThroughSagas(system, player, tableId, 2, 500),
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const tableState = async (): Promise<TableState> =>
    (await table.runtime.load('table', tableId)).state as TableState;

  it('reverts a bet at the hand when the table refuses the chips, and leaves the table as it was', async () => {
    const handId = await startHand(system, hand, tableId, [folded]);
    // The table knows the player folded; the hand does not (yet), so it accepts the bet.
    await system.accept(table, {
      domain: 'table',
      root: tableId,
      command: create(MarkPlayerFoldedSchema, {
        playerId: uuidToBytes(folded),
        handId: uuidToBytes(handId),
      }),
    });
    const tableBefore = await system.eventTypes('table', tableId);

    const correlationId = newId();
    await system.publish(hand, [placeBet(system, handId, folded, 40, correlationId)]);
    await waitFor(async () => (await system.eventTypes('hand', handId)).includes('BetReverted'), {
      message: 'the bet to be reverted at the hand',
    });
    await system.settled();

    expect(await system.eventTypes('hand', handId)).toEqual([
      'HandStarted',
      'BetPlaced',
      'BetReverted',
    ]);
    const reverted = (await system.events('hand', handId))[2];
    expect(reverted).toMatchObject({ amount: 40, reason: 'player_folded' });
    const handState = (await hand.runtime.load('hand', handId)).state as HandState;
    expect(handState.bets[folded]).toBe(0);
    expect(handState.reverted).toBe(1);

    expect(await system.eventTypes('table', tableId)).toEqual(tableBefore);
    expect((await tableState()).seats[folded]).toMatchObject({ stack: 500, folded: true });

    const timeline = await system.timeline(correlationId);
    const at = (kind: AuditEntry['kind']): AuditEntry[] => timeline.filter((e) => e.kind === kind);
    // Services record concurrently, so entries are checked by kind, not by position.
    expect(timeline.map((e) => e.kind).sort()).toEqual(
      [
        'command.accepted',
        'command.issued',
        'command.rejected',
        'notification.sent',
        'notification.handled',
        'compensation.appended',
      ].sort(),
    );
    expect(at('command.accepted')[0]).toMatchObject({
      domain: 'hand',
      root: handId,
      commandType: 'PlaceBet',
      eventTypes: ['BetPlaced'],
      sequences: [1],
    });
    expect(at('command.issued')[0]).toMatchObject({
      domain: 'hand',
      saga: 'hand-table',
      commandType: 'DeductFromPlayerStack',
      sequences: [1],
      peer: { domain: 'table', root: tableId },
    });
    expect(at('command.rejected')[0]).toMatchObject({
      domain: 'table',
      root: tableId,
      commandType: 'DeductFromPlayerStack',
      reason: 'player_folded',
      peer: { domain: 'hand', root: handId },
    });
    expect(at('notification.sent')[0]).toMatchObject({ domain: 'table', reason: 'player_folded' });
    expect(at('notification.handled')[0]).toMatchObject({
      domain: 'hand',
      root: handId,
      details: { result: 'events', handler: 'HandFixture.onDeductRejected' },
    });
    expect(at('compensation.appended')[0]).toMatchObject({
      domain: 'hand',
      root: handId,
      eventTypes: ['BetReverted'],
      sequences: [2],
      reason: 'player_folded',
    });
    const text = renderTimelineText(timeline);
    expect(text).toMatch(/DeductFromPlayerStack rejected: player_folded/);
    expect(text).toMatch(/compensated with BetReverted@2/);
  });

  it('takes the chips at the table when it accepts: no rejection, no compensation', async () => {
    const handId = await startHand(system, hand, tableId, [playing]);
    const correlationId = newId();
    await system.publish(hand, [placeBet(system, handId, playing, 25, correlationId)]);
    await waitFor(async () => (await tableState()).seats[playing]?.stack === 475, {
      message: 'the chips to be taken at the table',
    });
    await system.settled();

    expect(await system.eventTypes('hand', handId)).toEqual(['HandStarted', 'BetPlaced']);
    const kinds = (await system.timeline(correlationId)).map((e) => e.kind);
    expect(kinds.sort()).toEqual(['command.accepted', 'command.accepted', 'command.issued']);
  });
});
