import { create } from '@bufbuild/protobuf';
import { ConfirmStackDeductionSchema, type PotsRefunded } from '@poker/contracts';
import { bytesOf, idOf } from '../shared';
import { HandScript, act, contextAt, ids, playOf, startHand } from '../testing';
import { revertRejectedDeduction } from './hand.compensations';
import type { HandEvent } from './hand.messages';

const { alice, bob, carol } = ids;
const confirm = (player: string, amount: number) =>
  create(ConfirmStackDeductionSchema, { playerId: bytesOf(player), amount });
const refundsOf = (events: HandEvent[]) =>
  events
    .filter((e): e is PotsRefunded => e.$typeName === 'poker.v1.PotsRefunded')
    .flatMap((e) => e.refunds.map((r) => [idOf(r.playerId), r.amount]));

function pending() {
  const hand = new HandScript(contextAt(), false);
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

describe('settlement', () => {
  it('counts only chips the table confirmed in the pot', () => {
    const hand = pending();
    hand.run(act.bet(alice, 30));
    expect(hand.state.pot).toBe(0);
    hand.runAll(confirm(bob, 5), confirm(alice, 30));
    expect(hand.state.pot).toBe(35);
  });

  it('waits for every bet to be confirmed before paying out', () => {
    const hand = pending();
    const closed = hand.runAll(act.fold(alice), act.fold(bob));
    expect(playOf(closed).slice(-1)).toEqual(['BettingClosed']);
    expect(hand.state.status).toBe('settling');
    expect(playOf(hand.run(confirm(bob, 5)))).toEqual([]);
    const paid = hand.run(confirm(carol, 10));
    expect(playOf(paid)).toEqual(['PotAwarded', 'HandEnded']);
    expect(paid[1]).toMatchObject({ amount: 15 });
    expect(hand.state).toMatchObject({ status: 'ended', pot: 0 });
  });

  it('ignores player actions while settling', () => {
    const hand = pending();
    hand.runAll(act.fold(alice), act.fold(bob));
    expect(hand.run(act.expire(carol, 3))).toEqual([]);
  });

  it('refunds an aborted hand once the bets on their way are confirmed or reverted', () => {
    const hand = pending();
    hand.runAll(act.bet(alice, 30), confirm(bob, 5));
    expect(playOf(hand.run(act.abort('table_closed')))).toEqual(['BettingClosed']);
    hand.run(confirm(alice, 30));
    const reverted = revertRejectedDeduction(hand.state, carol, 10, 'player_folded', contextAt());
    hand.append(reverted as HandEvent[]);
    expect(playOf(reverted as HandEvent[])).toEqual(['BetReverted', 'PotsRefunded', 'HandEnded']);
    expect(refundsOf(hand.events)).toEqual([
      [alice, 30],
      [bob, 5],
    ]);
    expect(hand.state).toMatchObject({ status: 'ended', pot: 0 });
  });

  it('aborts a hand that was already settling', () => {
    const hand = pending();
    hand.runAll(act.fold(alice), act.fold(bob), confirm(bob, 5));
    const events = hand.runAll(act.abort('table_closed'), confirm(carol, 10));
    expect(playOf(events)).toEqual(['BettingClosed', 'PotsRefunded', 'HandEnded']);
    expect(refundsOf(events)).toEqual([
      [bob, 5],
      [carol, 10],
    ]);
  });
});
