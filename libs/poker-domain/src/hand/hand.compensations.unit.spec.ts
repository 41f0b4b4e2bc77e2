import { idOf, isEscalation } from '../shared';
import { HandScript, act, contextAt, ids, startHand, typesOf } from '../testing';
import { revertRejectedDeduction } from './hand.compensations';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const ctx = contextAt();

function threeHanded() {
  const hand = new HandScript();
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
    expect(hand.state.pot).toBe(40);
  });

  it('reverts and folds a player still in the hand, keeping the standing prompt', () => {
    const hand = threeHanded();
    hand.run(act.bet(alice, 30));
    const events = revert(hand, alice, 30, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted', 'PlayerFolded']);
    expect(events[1]).toMatchObject({ reason: 'bet_reverted' });
    expect(hand.state).toMatchObject({ pot: 15, currentBet: 10 });
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

  it('ends the hand when the revert leaves a single player', () => {
    const hand = threeHanded();
    hand.runAll(act.fold(alice), act.bet(bob, 5));
    const events = revert(hand, carol, 10, 'player_folded');
    expect(typesOf(events)).toEqual(['BetReverted', 'PlayerFolded', 'PotAwarded', 'HandEnded']);
    expect(idOf((events[2] as { playerId: Uint8Array }).playerId)).toBe(bob);
    expect(events[2]).toMatchObject({ amount: 10 });
    expect(hand.state.pot).toBe(0);
  });

  it('escalates once the hand has paid out', () => {
    const hand = threeHanded();
    hand.runAll(act.fold(alice), act.fold(bob));
    expect(revertRejectedDeduction(hand.state, bob, 5, 'player_folded', ctx)).toEqual({
      escalate: true,
      reason: 'stack deduction rejected after the hand ended: player_folded',
    });
  });
});
