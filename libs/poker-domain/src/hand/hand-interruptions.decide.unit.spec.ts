import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { ActionRequested } from '@poker/contracts';
import { idOf } from '../shared';
import {
  HandScript,
  NOW,
  act,
  contextAt,
  ids,
  playOf,
  rejectionOf,
  startHand,
  typesOf,
} from '../testing';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const who = (e: HandEvent | undefined) => (e && 'playerId' in e ? idOf(e.playerId) : undefined);
const prompts = (events: HandEvent[]) =>
  events.filter((e): e is ActionRequested => e.$typeName === 'poker.v1.ActionRequested');

/** Three-handed, button on alice: bob posts 5, carol 10, alice is prompted (action 1). */
function threeHanded(hand = new HandScript()) {
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

describe('disconnects', () => {
  it('folds a player who drops on their turn and prompts the next one', () => {
    const hand = threeHanded();
    const events = hand.run(act.disconnect(alice));
    expect(typesOf(events)).toEqual(['PlayerFolded', 'ActionRequested']);
    expect(events[0]).toMatchObject({ reason: 'disconnected' });
    expect([who(events[1]), prompts(events)[0]?.actionNumber]).toEqual([bob, 2]);
  });

  it('folds a player who drops out of turn and keeps the standing prompt', () => {
    const hand = threeHanded();
    const events = hand.run(act.disconnect(bob));
    expect(typesOf(events)).toEqual(['PlayerFolded']);
    expect(hand.state.action).toMatchObject({ playerId: alice, actionNumber: 1 });
    hand.run(act.bet(alice, 10));
    expect(who(prompts(hand.events).at(-1))).toBe(carol);
  });

  it('ends the hand when the drop leaves a single player', () => {
    const hand = threeHanded();
    hand.run(act.fold(alice));
    expect(playOf(hand.run(act.disconnect(carol)))).toEqual([
      'PlayerFolded',
      'BettingClosed',
      'PotAwarded',
      'HandEnded',
    ]);
  });

  it('ignores a drop by a player who already folded', () => {
    const hand = threeHanded();
    hand.run(act.fold(alice));
    expect(hand.run(act.disconnect(alice))).toEqual([]);
  });
});

describe('action timer', () => {
  it('folds a player facing a bet when their time runs out', () => {
    const hand = threeHanded();
    const events = hand.run(act.expire(alice, 1));
    expect(typesOf(events)).toEqual(['PlayerFolded', 'ActionRequested']);
    expect(events[0]).toMatchObject({ reason: 'timeout' });
  });

  it('checks for a player with nothing to call', () => {
    const hand = threeHanded();
    hand.runAll(act.bet(alice, 10), act.bet(bob, 5));
    const events = hand.run(act.expire(carol, 3));
    expect(events[0]).toMatchObject({ $typeName: 'poker.v1.PlayerChecked', reason: 'timeout' });
    expect(typesOf(events).slice(1)).toEqual(['StreetAdvanced', 'ActionRequested']);
  });

  it.each([
    ['an earlier action number', () => act.expire(alice, 0)],
    ['a later action number', () => act.expire(alice, 2)],
    ['another player', () => act.expire(bob, 1)],
  ])('ignores a timer for %s', (_name, command) => {
    expect(threeHanded().run(command())).toEqual([]);
  });

  it('ignores a timer once the player acted, or once the hand is over', () => {
    const hand = threeHanded();
    hand.run(act.bet(alice, 10));
    expect(hand.run(act.expire(alice, 1))).toEqual([]);
    hand.runAll(act.fold(bob), act.fold(carol));
    expect(hand.run(act.expire(carol, 3))).toEqual([]);
    expect(new HandScript().run(act.expire(alice, 1))).toEqual([]);
  });

  it('sets each prompt to expire after the table timeout', () => {
    const later = new Date(NOW.getTime() + 5_000);
    const hand = threeHanded(new HandScript(contextAt(later)));
    const expiry = prompts(hand.events)[0]!.expiresAt!;
    expect(timestampDate(expiry).getTime()).toBe(later.getTime() + 30_000);
  });
});

describe('retry prompts', () => {
  it('prompts again with the reason, keeping the action number and deadline', () => {
    const hand = threeHanded();
    const [first] = prompts(hand.events);
    expect(rejectionOf(() => hand.run(act.bet(alice, 3)))).toBe('invalid_bet_amount');
    const [again] = hand.run(act.retry(alice, 1, 'invalid_bet_amount'));
    expect(again).toMatchObject({
      $typeName: 'poker.v1.ActionRequested',
      actionNumber: 1,
      toCall: 10,
      minRaise: 20,
      retryReason: 'invalid_bet_amount',
      expiresAt: first!.expiresAt,
    });
    expect(hand.run(act.expire(alice, 1))).toHaveLength(2);
  });

  it('refuses a retry for a stale prompt', () => {
    const hand = threeHanded();
    expect(rejectionOf(() => hand.run(act.retry(alice, 2, 'x')))).toBe('not_your_turn');
  });
});

describe('aborting', () => {
  it('refunds every contribution and ends the hand', () => {
    const hand = threeHanded();
    hand.runAll(act.bet(alice, 30), act.fold(bob));
    const events = hand.run(act.abort('table_closed'));
    expect(typesOf(events)).toEqual(['BettingClosed', 'PotsRefunded', 'HandEnded']);
    const refunded = events[1] as Extract<HandEvent, { $typeName: 'poker.v1.PotsRefunded' }>;
    expect(refunded.refunds.map((r) => [idOf(r.playerId), r.amount])).toEqual([
      [alice, 30],
      [bob, 5],
      [carol, 10],
    ]);
    expect(hand.state).toMatchObject({ status: 'ended', pot: 0 });
  });
});
