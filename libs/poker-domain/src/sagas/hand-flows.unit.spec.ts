import { act, dealtRoom, gateway, ids, roomWith, type PokerRoom } from '../testing';

const { alice, bob, carol, hand, nextHand, table } = ids;
const stacks = (room: PokerRoom) =>
  Object.fromEntries(
    Object.values(room.state('table', table).seats).map((s) => [s.playerId, s.stack]),
  );

/** A hand dealt to alice, bob and carol (500 each), who win at showdown in reverse order. */
const dealt = () => dealtRoom([carol, bob, alice]);

describe('playing a hand', () => {
  it('takes the blinds from the stacks and pays the pot to the winner', () => {
    const room = dealt();
    expect(room.types('hand', hand).slice(0, 4)).toEqual([
      'HandStarted',
      'BlindPosted',
      'BlindPosted',
      'ActionRequested',
    ]);
    expect(stacks(room)).toEqual({ [alice]: 500, [bob]: 495, [carol]: 490 });
    room.send('hand', hand, act.fold(alice)).send('hand', hand, act.fold(bob));
    expect(room.types('hand', hand).slice(-3)).toEqual([
      'BettingClosed',
      'PotAwarded',
      'HandEnded',
    ]);
    expect(stacks(room)).toEqual({ [alice]: 500, [bob]: 495, [carol]: 505 });
    expect(room.types('table', table).slice(-2)).toEqual(['StackCredited', 'HandFinished']);
    expect(room.state('table', table).hand).toBeNull();
    expect(room.totalChips()).toBe(3000);
    expect(room.rejections).toEqual([]);
  });

  it('reverts a bet the table refuses because the player folded there first', () => {
    const room = dealt();
    room.send('table', table, gateway.floorFold(alice, hand));
    room.send('hand', hand, act.bet(alice, 30));
    expect(room.rejections).toEqual([
      {
        domain: 'table',
        command: 'DeductFromPlayerStack',
        reason: 'player_folded',
        answer: 'events',
      },
    ]);
    // Bob was prompted with the bet; the revert folds alice and leaves bob's prompt standing.
    expect(room.types('hand', hand).slice(-4)).toEqual([
      'BetPlaced',
      'ActionRequested',
      'BetReverted',
      'PlayerFolded',
    ]);
    expect(room.state('hand', hand).action?.playerId).toBe(bob);
    room.send('hand', hand, act.fold(bob));
    expect(stacks(room)).toEqual({ [alice]: 500, [bob]: 495, [carol]: 505 });
    expect(room.totalChips()).toBe(3000);
  });

  it('folds a player who disconnects on their turn and moves the action on', () => {
    const room = dealt();
    room.send('hand', hand, act.disconnect(alice));
    expect(room.types('hand', hand).slice(-2)).toEqual(['PlayerFolded', 'ActionRequested']);
    expect(room.state('hand', hand).action?.playerId).toBe(bob);
    expect(room.state('table', table).hand?.folded).toEqual([alice]);
  });

  it('rejects an invalid bet and prompts the player again', () => {
    const room = dealt();
    room.send('hand', hand, act.bet(alice, 3));
    expect(room.rejections).toEqual([
      { domain: 'hand', command: 'PlaceBet', reason: 'invalid_bet_amount', answer: 'caller' },
    ]);
    room.send('hand', hand, act.retry(alice, 1, 'invalid_bet_amount'));
    expect(room.events('hand', hand).at(-1)).toMatchObject({
      $typeName: 'poker.v1.ActionRequested',
      actionNumber: 1,
      retryReason: 'invalid_bet_amount',
    });
  });

  it('folds or checks for a player whose time ran out, ignoring stale timers', () => {
    const room = dealt();
    room.send('hand', hand, act.expire(alice, 1));
    expect(room.events('hand', hand).at(-2)).toMatchObject({ reason: 'timeout' });
    const before = room.events('hand', hand).length;
    room.send('hand', hand, act.expire(alice, 1));
    expect(room.events('hand', hand)).toHaveLength(before);
    room.send('hand', hand, act.bet(bob, 5)).send('hand', hand, act.expire(carol, 3));
    expect(room.types('hand', hand).slice(-3)).toEqual([
      'PlayerChecked',
      'StreetAdvanced',
      'ActionRequested',
    ]);
  });

  it('refunds every pot and cashes everybody out when the table closes mid-hand', () => {
    const room = dealt();
    // The bet and the closing race: the abort waits for the bet's chips to be confirmed.
    room.post('hand', hand, act.bet(alice, 30)).send('table', table, gateway.close());
    expect(room.types('hand', hand).slice(-4)).toEqual([
      'BettingClosed',
      'StackDeductionConfirmed',
      'PotsRefunded',
      'HandEnded',
    ]);
    expect(room.types('table', table).slice(-4)).toEqual([
      'HandFinished',
      'PlayerLeft',
      'PlayerLeft',
      'PlayerLeft',
    ]);
    for (const player of [alice, bob, carol]) {
      expect(room.state('player', player)).toMatchObject({ bankroll: 1000, buyIns: {} });
    }
    expect(room.totalChips()).toBe(3000);
  });

  it('sits out a player who cannot cover the blind and tells the table', () => {
    const room = roomWith(
      [
        [bob, 1000],
        [alice, 1000],
      ],
      [
        [bob, 1, 15],
        [alice, 2, 500],
      ],
    );
    room.send('table', table, gateway.deal(hand));
    // Bob (button, small blind) calls, loses the flop and is left with 5.
    for (const command of [act.bet(bob, 5), act.check(alice), act.bet(alice, 10), act.fold(bob)]) {
      room.send('hand', hand, command);
    }
    expect(stacks(room)[bob]).toBe(5);
    room.send('table', table, gateway.deal(nextHand));
    expect(room.types('hand', nextHand)).toEqual([
      'HandStarted',
      'PlayerSatOutOfHand',
      'HandEnded',
    ]);
    expect(room.types('table', table).slice(-2)).toEqual(['PlayerSatOut', 'HandFinished']);
    expect(room.state('table', table).seats[bob]?.sittingOut).toBe(true);
    expect(room.totalChips()).toBe(2000);
  });
});
