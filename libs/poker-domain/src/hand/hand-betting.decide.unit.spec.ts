import { BetAction, Settlement, Street, type ActionRequested } from '@poker/contracts';
import { idOf } from '../shared';
import { HandScript, act, ids, playOf, rejectionOf, startHand } from '../testing';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const who = (e: HandEvent | undefined) => (e && 'playerId' in e ? idOf(e.playerId) : undefined);
const lastPrompt = (hand: HandScript) =>
  hand.events
    .filter((e): e is ActionRequested => e.$typeName === 'poker.v1.ActionRequested')
    .at(-1)!;
const amountsWon = (events: HandEvent[]) =>
  events
    .filter((e) => e.$typeName === 'poker.v1.PotAwarded')
    .map((e) => [who(e), (e as { amount: number }).amount]);

/** Three-handed, button on alice: bob posts 5, carol 10, alice speaks first. */
function threeHanded(stacks: [number, number, number] = [500, 500, 500], ranking: string[] = []) {
  const hand = new HandScript();
  hand.run(
    startHand(
      [
        [alice, 1, stacks[0]],
        [bob, 2, stacks[1]],
        [carol, 3, stacks[2]],
      ],
      1,
      { ranking },
    ),
  );
  return hand;
}

describe('betting', () => {
  it('classifies calls, raises and all-ins', () => {
    const hand = threeHanded();
    expect(hand.run(act.bet(alice, 10))[0]).toMatchObject({
      action: BetAction.CALL,
      street: Street.PREFLOP,
    });
    expect(hand.run(act.bet(bob, 25))[0]).toMatchObject({ action: BetAction.RAISE });
    expect(hand.run(act.bet(carol, 490))[0]).toMatchObject({ action: BetAction.ALL_IN });
  });

  it.each([
    ['nothing', 0],
    ['less than the call', 9],
    ['a raise smaller than the big blind', 15],
    ['more than the stack', 501],
  ])('rejects a bet of %s and records nothing', (_name, amount) => {
    const hand = threeHanded();
    const before = hand.events.length;
    expect(rejectionOf(() => hand.run(act.bet(alice, amount)))).toBe('invalid_bet_amount');
    expect(hand.events).toHaveLength(before);
  });

  it('accepts an all-in for less than a call', () => {
    const hand = threeHanded([6, 500, 500]);
    expect(hand.run(act.bet(alice, 6))[0]).toMatchObject({ action: BetAction.ALL_IN });
  });

  it('requires a re-raise to be at least the last raise', () => {
    const hand = threeHanded();
    hand.run(act.bet(alice, 40)); // raises by 30
    expect(rejectionOf(() => hand.run(act.bet(bob, 60)))).toBe('invalid_bet_amount'); // by 25
    expect(hand.run(act.bet(bob, 65))[0]).toMatchObject({ action: BetAction.RAISE }); // by 30
    expect(lastPrompt(hand)).toMatchObject({ toCall: 60, minRaise: 90 });
  });

  it('gives the big blind the option when everybody just calls', () => {
    const hand = threeHanded();
    hand.runAll(act.bet(alice, 10), act.bet(bob, 5));
    expect(who(lastPrompt(hand))).toBe(carol);
    expect(lastPrompt(hand)).toMatchObject({ toCall: 0, actionNumber: 3 });
  });

  it('deals the flop once bets are matched, the first player after the button speaking', () => {
    const hand = threeHanded();
    const events = hand.runAll(act.bet(alice, 10), act.bet(bob, 5), act.check(carol));
    expect(playOf(events).slice(-2)).toEqual(['StreetAdvanced', 'ActionRequested']);
    expect(events.at(-2)).toMatchObject({ street: Street.FLOP });
    expect(who(events.at(-1))).toBe(bob);
    expect(hand.state).toMatchObject({ street: 'flop', currentBet: 0, pot: 30 });
  });

  it('reopens the action after a raise, so earlier callers speak again', () => {
    const hand = threeHanded();
    hand.runAll(act.bet(alice, 10), act.bet(bob, 5), act.bet(carol, 20));
    expect(who(lastPrompt(hand))).toBe(alice);
    expect(lastPrompt(hand).toCall).toBe(20);
  });

  it('does not let a player check facing a bet', () => {
    const hand = threeHanded();
    expect(rejectionOf(() => hand.run(act.check(alice)))).toBe('cannot_check');
  });

  it.each([
    ['a player out of turn', () => act.bet(bob, 10)],
    ['a player out of turn checking', () => act.check(carol)],
    ['a player out of turn folding', () => act.fold(bob)],
    ['somebody not dealt in', () => act.fold(ids.dave)],
  ])('refuses %s', (_name, command) => {
    expect(rejectionOf(() => threeHanded().run(command()))).toBe('not_your_turn');
  });

  it('awards the pot to the last player standing', () => {
    const hand = threeHanded();
    const events = hand.runAll(act.fold(alice), act.fold(bob));
    expect(playOf(events).slice(-2)).toEqual(['PotAwarded', 'HandEnded']);
    expect(amountsWon(events)).toEqual([[carol, 15]]);
    expect(hand.state).toMatchObject({ status: 'ended', pot: 0 });
    expect(rejectionOf(() => hand.run(act.check(carol)))).toBe('hand_not_in_progress');
  });

  it('checks down to a showdown won by the best-ranked hand', () => {
    const hand = threeHanded([500, 500, 500], [bob, carol, alice]);
    hand.runAll(act.bet(alice, 10), act.bet(bob, 5), act.check(carol));
    for (let street = 0; street < 3; street++) {
      hand.runAll(act.check(bob), act.check(carol), act.check(alice));
    }
    expect(playOf(hand.events).slice(-3)).toEqual(['BettingClosed', 'PotAwarded', 'HandEnded']);
    expect(hand.events.find((e) => e.$typeName === 'poker.v1.BettingClosed')).toMatchObject({
      settlement: Settlement.SHOWDOWN,
    });
    expect(hand.state.street).toBe('showdown');
    expect(amountsWon(hand.events)).toEqual([[bob, 30]]);
    expect(hand.state.pot).toBe(0);
  });

  it('gives an all-in player only the pot they matched; the rest goes to the next best', () => {
    const hand = threeHanded([50, 500, 500], [alice, carol, bob]);
    hand.runAll(act.bet(alice, 50), act.bet(bob, 195), act.bet(carol, 190));
    // Alice is all-in; bob and carol play on to the river.
    for (let street = 0; street < 3; street++) hand.runAll(act.check(bob), act.check(carol));
    expect(amountsWon(hand.events)).toEqual([
      [alice, 150],
      [carol, 300],
    ]);
  });

  it('skips the remaining streets when nobody can bet any more', () => {
    const hand = threeHanded([100, 100, 500], [carol]);
    hand.runAll(act.bet(alice, 100), act.bet(bob, 95), act.bet(carol, 90));
    expect(playOf(hand.events).slice(-4)).toEqual([
      'BetPlaced',
      'BettingClosed',
      'PotAwarded',
      'HandEnded',
    ]);
    expect(amountsWon(hand.events)).toEqual([[carol, 300]]);
  });
});
