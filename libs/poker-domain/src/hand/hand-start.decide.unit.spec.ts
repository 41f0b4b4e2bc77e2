import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { ActionRequested } from '@poker/contracts';
import { idOf } from '../shared';
import { HandScript, NOW, ids, playOf, startHand } from '../testing';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const who = (e: HandEvent) => ('playerId' in e ? idOf(e.playerId) : undefined);
const prompt = (events: HandEvent[]) =>
  events.find((e): e is ActionRequested => e.$typeName === 'poker.v1.ActionRequested');

describe('starting a hand', () => {
  it('posts the blinds left of the button and prompts the player after the big blind', () => {
    const hand = new HandScript();
    const events = hand.run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 500],
          [carol, 3, 500],
        ],
        1,
      ),
    );
    expect(playOf(events)).toEqual([
      'HandStarted',
      'BlindPosted',
      'BlindPosted',
      'ActionRequested',
    ]);
    expect([events[1], events[2]].map((e) => [who(e!), (e as { amount: number }).amount])).toEqual([
      [bob, 5],
      [carol, 10],
    ]);
    const ask = prompt(events)!;
    expect([idOf(ask.playerId), ask.actionNumber, ask.toCall, ask.minRaise]).toEqual([
      alice,
      1,
      10,
      20,
    ]);
    expect(timestampDate(ask.expiresAt!).getTime()).toBe(NOW.getTime() + 30_000);
    expect(hand.state).toMatchObject({ status: 'in_progress', pot: 15, currentBet: 10 });
  });

  it('wraps the blinds round the table', () => {
    const events = new HandScript().run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 500],
          [carol, 3, 500],
        ],
        3,
      ),
    );
    expect(events.slice(1, 4).map(who)).toEqual([alice, bob, carol]);
  });

  it('has the button post the small blind and speak first heads-up', () => {
    const events = new HandScript().run(
      startHand(
        [
          [alice, 2, 500],
          [bob, 5, 500],
        ],
        5,
      ),
    );
    expect(events.slice(1, 4).map(who)).toEqual([bob, alice, bob]);
  });

  it('sits out a small blind who cannot cover it and moves the blinds on', () => {
    const hand = new HandScript();
    const events = hand.run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 4],
          [carol, 3, 500],
        ],
        1,
      ),
    );
    expect(playOf(events)).toEqual([
      'HandStarted',
      'PlayerSatOutOfHand',
      'BlindPosted',
      'BlindPosted',
      'ActionRequested',
    ]);
    expect(events[1]).toMatchObject({ reason: 'insufficient_chips_for_blind' });
    expect(who(events[1]!)).toBe(bob);
    // Heads-up between the remaining two: the button (alice) posts the small blind.
    expect(events.slice(2, 5).map(who)).toEqual([alice, carol, alice]);
    expect(hand.state.players.find((p) => p.playerId === bob)?.status).toBe('sat_out');
  });

  it('sits out a big blind who cannot cover it', () => {
    const events = new HandScript().run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 500],
          [carol, 3, 9],
          [ids.dave, 4, 500],
        ],
        1,
      ),
    );
    expect(who(events[1]!)).toBe(carol);
    expect(events.slice(2, 4).map(who)).toEqual([bob, ids.dave]);
  });

  it('lets a player post a blind with exactly the blind, all-in', () => {
    const hand = new HandScript();
    hand.run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 5],
          [carol, 3, 500],
        ],
        1,
      ),
    );
    expect(hand.state.players.find((p) => p.playerId === bob)).toMatchObject({
      status: 'all_in',
      stack: 0,
      committed: 5,
    });
  });

  it('ends the hand before any chip moves when fewer than two can post', () => {
    const hand = new HandScript();
    const events = hand.run(
      startHand(
        [
          [alice, 1, 500],
          [bob, 2, 7],
        ],
        1,
      ),
    );
    expect(playOf(events)).toEqual(['HandStarted', 'PlayerSatOutOfHand', 'HandEnded']);
    expect(events[2]).toMatchObject({ reason: 'not_enough_players' });
    expect(hand.state).toMatchObject({ status: 'ended', pot: 0 });
  });

  it('goes straight to showdown when the blinds put everybody all-in', () => {
    const hand = new HandScript();
    const events = hand.run(
      startHand(
        [
          [alice, 1, 5],
          [bob, 2, 10],
        ],
        1,
        { ranking: [alice] },
      ),
    );
    expect(playOf(events)).toEqual([
      'HandStarted',
      'BlindPosted',
      'BlindPosted',
      'BettingClosed',
      'PotAwarded',
      'PotAwarded',
      'HandEnded',
    ]);
    // Alice matched only 5 of bob's 10: she wins 10, bob's unmatched 5 comes back to him.
    const awards = events.filter((e) => e.$typeName === 'poker.v1.PotAwarded');
    expect(awards.map((e) => [who(e), (e as { amount: number }).amount])).toEqual([
      [alice, 10],
      [bob, 5],
    ]);
    expect(hand.state.pot).toBe(0);
  });

  it('does not prompt a big blind who has matched everybody and has nobody to bet against', () => {
    const hand = new HandScript();
    const events = hand.run(
      startHand(
        [
          [alice, 1, 5],
          [bob, 2, 500],
        ],
        1,
        { ranking: [bob] },
      ),
    );
    expect(playOf(events)).not.toContain('ActionRequested');
    expect(playOf(events).slice(-3)).toEqual(['BettingClosed', 'PotAwarded', 'HandEnded']);
    expect(events.at(-2)).toMatchObject({ $typeName: 'poker.v1.PotAwarded', amount: 15 });
  });
});
