import { create } from '@bufbuild/protobuf';
import { ConfirmStackDeductionSchema } from '@poker/contracts';
import { bytesOf } from '../shared';
import { HandScript, act, catalogPairs, ids, rejectionOf, startHand } from '../testing';
import type { HandCommand } from './hand.messages';
import { HAND_REJECTIONS } from './hand.rejections';

const { alice, bob, carol } = ids;
const confirm = (player: string, amount: number) =>
  create(ConfirmStackDeductionSchema, { playerId: bytesOf(player), amount });
const seats = [
  [alice, 1, 500],
  [bob, 2, 500],
  [carol, 3, 500],
] as const;

const notStarted = () => new HandScript();
const started = () => {
  const hand = new HandScript();
  hand.run(startHand(seats, 1));
  return hand;
};
const ended = () => {
  const hand = started();
  hand.runAll(act.fold(alice), act.fold(bob));
  return hand;
};

const cases: [string, () => HandScript, HandCommand, string][] = [
  ['StartHand', started, startHand(seats, 1), 'hand_already_started'],
  ['StartHand', notStarted, startHand(seats, 1, { smallBlind: 0 }), 'invalid_blinds'],
  ['StartHand', notStarted, startHand(seats, 1, { smallBlind: 20 }), 'invalid_blinds'],
  [
    'StartHand',
    notStarted,
    startHand(
      [
        [alice, 1, 0],
        [bob, 2, 50],
      ],
      1,
    ),
    'invalid_seats',
  ],
  [
    'StartHand',
    notStarted,
    startHand(
      [
        [alice, 1, 50],
        [bob, 1, 50],
      ],
      1,
    ),
    'invalid_seats',
  ],
  [
    'StartHand',
    notStarted,
    startHand(
      [
        [alice, 1, 50],
        [alice, 2, 50],
      ],
      1,
    ),
    'invalid_seats',
  ],
  ['StartHand', notStarted, startHand([[alice, 1, 50]], 1), 'not_enough_players'],
  ['PlaceBet', notStarted, act.bet(alice, 10), 'hand_not_in_progress'],
  ['PlaceBet', ended, act.bet(carol, 10), 'hand_not_in_progress'],
  ['PlaceBet', started, act.bet(bob, 10), 'not_your_turn'],
  ['PlaceBet', started, act.bet(alice, 12), 'invalid_bet_amount'],
  ['Check', ended, act.check(carol), 'hand_not_in_progress'],
  ['Check', started, act.check(bob), 'not_your_turn'],
  ['Check', started, act.check(alice), 'cannot_check'],
  ['Fold', notStarted, act.fold(alice), 'hand_not_in_progress'],
  ['Fold', started, act.fold(carol), 'not_your_turn'],
  ['DisconnectPlayer', ended, act.disconnect(carol), 'hand_not_in_progress'],
  ['DisconnectPlayer', started, act.disconnect(ids.dave), 'player_not_in_hand'],
  ['RequestActionRetry', ended, act.retry(carol, 2, 'x'), 'hand_not_in_progress'],
  ['RequestActionRetry', started, act.retry(bob, 1, 'x'), 'not_your_turn'],
  ['AbortHand', notStarted, act.abort('x'), 'hand_not_in_progress'],
  ['AbortHand', ended, act.abort('x'), 'hand_not_in_progress'],
  ['ConfirmStackDeduction', notStarted, confirm(alice, 5), 'player_not_in_hand'],
  ['ConfirmStackDeduction', started, confirm(ids.dave, 5), 'player_not_in_hand'],
  ['ConfirmStackDeduction', started, confirm(bob, 1), 'exceeds_commitment'],
  ['ConfirmStackDeduction', ended, confirm(carol, 10), 'exceeds_commitment'],
];

describe('hand rejections', () => {
  it.each(cases)('rejects %s with %s', (_command, given, command, reason) => {
    const hand = given();
    const before = hand.events.length;
    expect(rejectionOf(() => hand.run(command))).toBe(reason);
    expect(hand.events).toHaveLength(before);
  });

  it('exercises every rejection reason of the catalog', () => {
    const covered = new Set(cases.map(([command, , , reason]) => `${command}:${reason}`));
    expect([...covered].sort()).toEqual(catalogPairs(HAND_REJECTIONS));
  });
});
