import { create } from '@bufbuild/protobuf';
import {
  BetRevertedSchema,
  CreditPlayerStackSchema,
  DeductFromPlayerStackSchema,
  MarkPlayerFoldedSchema,
  POKER_FILES,
  PlayerFoldedSchema,
} from '@poker/contracts';
import { delegateToFramework } from '@saga-kit/core';
import { deciderSpec, rejectionSpec } from '@saga-kit/core/testing';
import { bytesOf } from '../shared';
import { HandScript, NOW, act, ids, startHand } from '../testing';
import { HandAggregate } from './hand.aggregate';

const { alice, bob, carol, table, hand } = ids;
const rejections = rejectionSpec(HandAggregate, { registry: POKER_FILES });

/** Three-handed with the table's confirmations held back, so every bet is still pending. */
function pendingHand() {
  const script = new HandScript(undefined, false);
  script.run(
    startHand(
      [
        [alice, 1, 500],
        [bob, 2, 500],
        [carol, 3, 500],
      ],
      1,
    ),
  );
  return script;
}

describe('HandAggregate', () => {
  it('starts a hand with its blinds and first prompt', () => {
    const started = new HandScript();
    const command = startHand(
      [
        [alice, 1, 500],
        [bob, 2, 500],
      ],
      1,
    );
    const expected = started
      .run(command)
      .filter((e) => e.$typeName !== 'poker.v1.StackDeductionConfirmed');
    deciderSpec(HandAggregate).given([]).when(command, { now: NOW }).then(expected);
  });

  it('refuses a bet out of turn', () => {
    deciderSpec(HandAggregate)
      .given(pendingHand().events)
      .when(act.bet(bob, 10))
      .thenRejected('not_your_turn');
  });

  it('reverts the bet of a player the table saw fold first', () => {
    const script = pendingHand();
    script.runAll(act.bet(alice, 30), act.fold(bob));
    rejections
      .given(script.events)
      .whenRejected({
        domain: 'table',
        command: create(DeductFromPlayerStackSchema, {
          playerId: bytesOf(bob),
          amount: 5,
          handId: bytesOf(hand),
        }),
        reason: 'player_folded',
        targetRoot: table,
      })
      .then(
        create(BetRevertedSchema, { playerId: bytesOf(bob), amount: 5, reason: 'player_folded' }),
      );
  });

  it('reverts and folds a player still in the hand', () => {
    const script = pendingHand();
    script.run(act.bet(alice, 30));
    rejections
      .given(script.events)
      .whenRejected({
        domain: 'table',
        command: create(DeductFromPlayerStackSchema, { playerId: bytesOf(alice), amount: 30 }),
        reason: 'player_folded',
        targetRoot: table,
      })
      .then([
        create(BetRevertedSchema, {
          playerId: bytesOf(alice),
          amount: 30,
          reason: 'player_folded',
        }),
        create(PlayerFoldedSchema, {
          playerId: bytesOf(alice),
          reason: 'bet_reverted',
          tableId: bytesOf(table),
        }),
      ]);
  });

  it('escalates winnings the table will not credit', () => {
    rejections
      .given(pendingHand().events)
      .whenRejected({
        domain: 'table',
        command: create(CreditPlayerStackSchema, { playerId: bytesOf(alice), amount: 15 }),
        reason: 'player_not_seated',
        targetRoot: table,
      })
      .then(
        delegateToFramework({
          reason: 'CreditPlayerStack rejected: player_not_seated',
          sendToDeadLetter: true,
          escalate: true,
        }),
      );
  });

  it('has nothing to undo when the table cannot record a fold', () => {
    rejections
      .given(pendingHand().events)
      .whenRejected({
        domain: 'table',
        command: create(MarkPlayerFoldedSchema, { playerId: bytesOf(alice) }),
        reason: 'unknown_hand',
        targetRoot: table,
      })
      .then(null);
  });
});
