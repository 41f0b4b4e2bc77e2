import { create } from '@bufbuild/protobuf';
import { BetPlacedSchema, BetRevertedSchema, PlaceBetSchema } from '@poker/contracts';
import { uuidToBytes } from '../../messaging/ids';
import { foldAtTableOnly, pokerWorld, seatedHand, type PokerWorld } from '../../testing/fixtures';
import { renderTimelineMermaid, renderTimelineText } from '../audit/timeline-renderers';

/**
 * The story saga-kit exists for: a bet is placed, the hand-table saga asks the table for the
 * chips, the table refuses ("player_folded"), and the rejection goes straight back to the hand,
 * whose @Rejected handler reverts the bet. The saga never sees the rejection.
 */
describe('seed story: a bet whose chips cannot be taken is reverted at the hand', () => {
  let world: PokerWorld;

  beforeEach(async () => {
    world = await pokerWorld();
  });

  afterEach(async () => {
    await world.harness.stop();
  });

  async function placeRejectedBet() {
    const h = world.harness;
    const seated = await seatedHand(h);
    await foldAtTableOnly(h, seated);
    const outcome = await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 40 }),
      correlationId: 'bet-1',
    });
    await h.waitForIdle();
    return { seated, outcome };
  }

  it('appends BetPlaced, then BetReverted with the table reason, at the hand', async () => {
    const { seated, outcome } = await placeRejectedBet();
    expect(outcome.result.case).toBe('accepted');
    const history = await world.harness.history('hand', seated.hand);
    expect(history.map((e) => e.$typeName)).toEqual([
      'poker.v1.HandStarted',
      BetPlacedSchema.typeName,
      BetRevertedSchema.typeName,
    ]);
    expect(history[2]).toMatchObject({ amount: 40, reason: 'player_folded' });
    // The bet no longer counts in the hand's state.
    const state = await world.harness.state<{ bets: Record<string, number>; reverted: number }>(
      'hand',
      seated.hand,
    );
    expect(state.bets[seated.player]).toBe(0);
    expect(state.reverted).toBe(1);
    // The table's stack was not touched.
    const table = await world.harness.state<{ seats: Record<string, { stack: number }> }>(
      'table',
      seated.table,
    );
    expect(table.seats[seated.player]?.stack).toBe(500);
  });

  it('never calls the saga with the rejection: it saw only the bet', async () => {
    await placeRejectedBet();
    expect(world.handTable.calls).toEqual(['BetPlaced@1']);
  });

  it('records the attempt, the rejection with its reason and the compensation on one timeline', async () => {
    const { seated } = await placeRejectedBet();
    const timeline = await world.harness.timeline('bet-1');
    expect(timeline.map((e) => [e.kind, e.domain])).toEqual([
      ['command.accepted', 'hand'],
      ['command.issued', 'hand'],
      ['command.rejected', 'table'],
      ['notification.sent', 'table'],
      ['notification.handled', 'hand'],
      ['compensation.appended', 'hand'],
    ]);
    const [accepted, issued, rejected, sent, handled, compensated] = timeline;
    expect(accepted).toMatchObject({
      commandType: 'PlaceBet',
      eventTypes: ['BetPlaced'],
      sequences: [1],
    });
    expect(issued).toMatchObject({
      saga: 'hand-table',
      commandType: 'DeductFromPlayerStack',
      sequences: [1],
      peer: { domain: 'table', root: seated.table },
    });
    expect(rejected).toMatchObject({
      reason: 'player_folded',
      root: seated.table,
      peer: { domain: 'hand', root: seated.hand },
    });
    expect(sent).toMatchObject({ reason: 'player_folded' });
    expect(handled).toMatchObject({
      details: { result: 'events', handler: 'HandFixture.onDeductRejected' },
    });
    expect(compensated).toMatchObject({
      eventTypes: ['BetReverted'],
      sequences: [2],
      reason: 'player_folded',
    });

    const text = renderTimelineText(timeline);
    expect(text).toMatch(/DeductFromPlayerStack rejected: player_folded/);
    expect(text).toMatch(/compensated with BetReverted@2/);
    const mermaid = renderTimelineMermaid(timeline);
    expect(mermaid.split('\n')[0]).toBe('sequenceDiagram');
    expect(mermaid).toMatch(/participant P1 as hand /);
    expect(mermaid).toMatch(/participant P2 as saga hand-table/);
    expect(mermaid).toMatch(/P2->>P3: DeductFromPlayerStack/);
    expect(mermaid).toMatch(/P3--\)P1: rejection of DeductFromPlayerStack: player_folded/);
    expect(mermaid).toMatch(/P1->>P1: compensate → BetReverted@2/);
  });

  it('deducts the chips when the table accepts: no rejection, no compensation', async () => {
    const h = world.harness;
    const seated = await seatedHand(h);
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 40 }),
      correlationId: 'bet-ok',
    });
    await h.waitForIdle();
    const table = await h.state<{ seats: Record<string, { stack: number }> }>(
      'table',
      seated.table,
    );
    expect(table.seats[seated.player]?.stack).toBe(460);
    const kinds = (await h.timeline('bet-ok')).map((e) => e.kind);
    expect(kinds).toEqual(['command.accepted', 'command.issued', 'command.accepted']);
  });
});
