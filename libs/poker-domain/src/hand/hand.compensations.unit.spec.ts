import { create } from '@bufbuild/protobuf';
import { ConfirmStackDeductionSchema } from '@poker/contracts';
import { bytesOf, idOf, isEscalation } from '../shared';
import { HandScript, act, contextAt, ids, playOf, startHand, typesOf } from '../testing';
import { revertRejectedDeduction } from './hand.compensations';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const ctx = contextAt();
const confirm = (player: string, amount: number) =>
  create(ConfirmStackDeductionSchema, { playerId: bytesOf(player), amount });

/** Three-handed with the table's confirmations held back: every bet stays pending. */
function threeHanded() {
  const hand = new HandScript(ctx, false);
  hand.run(
    startHand(
      [
        [alice, 1, 500],
        [bob, 2, 500],
        [carol, 3, 500],
      ],
      1,
    ),
  );
  return hand;
}

function revert(hand: HandScript, player: string, amount: number, reason: string): HandEvent[] {
  const outcome = revertRejectedDeduction(hand.state, player, amount, reason, ctx);
  if (isEscalation(outcome)) throw new Error(`unexpected escalation: ${outcome.reason}`);
  hand.append(outcome);
  return outcome;
}

describe('stack deduction rejected', () => {
  it('only reverts the bet of a player who already folded', () => {
    const hand = threeHanded();
    hand.runAll(act.bet(alice, 30), act.fold(bob));
    const events = revert(hand, bob, 5, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted']);
    expect(events[0]).toMatchObject({ amount: 5, reason: 'player_folded' });
    expect(hand.state.players[1]).toMatchObject({ stack: 500, committed: 0, status: 'folded' });
  });

  it('reverts and folds a player still in the hand, keeping the standing prompt', () => {
    const hand = threeHanded();
    hand.run(act.bet(alice, 30));
    const events = revert(hand, alice, 30, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted', 'PlayerFolded']);
    expect(events[1]).toMatchObject({ reason: 'bet_reverted' });
    expect(hand.state.currentBet).toBe(10);
    expect(hand.state.action?.playerId).toBe(bob);
    expect(hand.state.players[0]).toMatchObject({ stack: 500, committed: 0, status: 'folded' });
  });

  it('gives an all-in player the chips back before folding them', () => {
    const hand = threeHanded();
    hand.run(act.bet(alice, 500));
    revert(hand, alice, 500, 'insufficient_stack');
    expect(hand.state.players[0]).toMatchObject({ stack: 500, status: 'folded' });
    expect(hand.state.currentBet).toBe(10);
  });

  it('closes the betting when the revert leaves a single player, paying out once confirmed', () => {
    const hand = threeHanded();
    hand.runAll(act.fold(alice), act.bet(bob, 5));
    const events = revert(hand, carol, 10, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted', 'PlayerFolded', 'BettingClosed']);
    const paid = hand.runAll(confirm(bob, 5), confirm(bob, 5));
    expect(playOf(paid)).toEqual(['PotAwarded', 'HandEnded']);
    expect(idOf((paid[2] as { playerId: Uint8Array }).playerId)).toBe(bob);
    expect(paid[2]).toMatchObject({ amount: 10 });
    expect(hand.state.pot).toBe(0);
  });

  it('drops a contender out of a showdown waiting for their chips', () => {
    const hand = new HandScript(ctx, false);
    hand.run(
      startHand(
        [
          [alice, 1, 100],
          [bob, 2, 100],
          [carol, 3, 100],
        ],
        1,
        { ranking: [alice] },
      ),
    );
    hand.runAll(act.bet(alice, 100), act.bet(bob, 95), act.bet(carol, 90));
    expect(hand.state.status).toBe('settling');
    const events = revert(hand, alice, 100, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted', 'PlayerFolded']);
    const paid = hand.runAll(confirm(bob, 5), confirm(carol, 10), confirm(bob, 95));
    expect(playOf(paid)).toEqual([]);
    expect(playOf(hand.run(confirm(carol, 90)))).toEqual(['PotAwarded', 'HandEnded']);
    expect(hand.state.players[0]).toMatchObject({ stack: 100, committed: 0 });
  });

  it.each([
    ['a hand not started', () => new HandScript(), 10],
    ['a bet that is not pending', () => threeHanded(), 6],
  ])('escalates a rejection for %s', (_name, given, amount) => {
    const outcome = revertRejectedDeduction(given().state, bob, amount, 'player_folded', ctx);
    expect(outcome).toEqual({
      escalate: true,
      reason: 'stack deduction rejected but no such bet is pending: player_folded',
    });
  });
});
