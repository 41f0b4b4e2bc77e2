import { create } from '@bufbuild/protobuf';
import {
  BuyInRefundedSchema,
  ConfirmStackDeductionSchema,
  HandFinishedSchema,
  JoinRejectedSchema,
  PlayerSatOutSchema,
  POKER_FILES,
  RequestSeatSchema,
  ReserveFundsSchema,
  SeatReleasedSchema,
  SeatRequestedSchema,
  StartHandSchema,
  VerifyPlayerSchema,
} from '@poker/contracts';
import { aggregateDefinitionOf, delegateToFramework } from '@saga-kit/core';
import { deciderSpec, rejectionSpec } from '@saga-kit/core/testing';
import { bytesOf, replay } from '../shared';
import { handDealt, ids, joined, seated, tableOpened } from '../testing';
import { TableAggregate } from './table.aggregate';
import { evolveTable } from './table.evolve';
import { initialTableState } from './table.state';

const { alice, bob, table, hand } = ids;
const player = bytesOf(alice);
const rejections = rejectionSpec(TableAggregate, { registry: POKER_FILES });
const reserve = create(ReserveFundsSchema, { tableId: bytesOf(table), amount: 500, seat: 1 });
const verify = create(VerifyPlayerSchema, { tableId: bytesOf(table) });

describe('TableAggregate', () => {
  it('records a seat request', () => {
    deciderSpec(TableAggregate)
      .given([tableOpened()])
      .when(create(RequestSeatSchema, { playerId: player, seat: 1, buyIn: 500 }))
      .then(create(SeatRequestedSchema, { playerId: player, seat: 1, buyIn: 500 }));
  });

  it('sits out a player whose balance cannot cover the buy-in', () => {
    rejections
      .given([tableOpened()])
      .whenRejected({
        domain: 'player',
        command: reserve,
        reason: 'insufficient_balance',
        targetRoot: alice,
      })
      .then(create(PlayerSatOutSchema, { playerId: player, reason: 'insufficient_balance' }));
  });

  it.each(['player_suspended', 'already_reserved_for_table', 'player_not_registered'])(
    'dead-letters and escalates a reservation refused with %s',
    (reason) => {
      rejections
        .given([tableOpened()])
        .whenRejected({ domain: 'player', command: reserve, reason, targetRoot: alice })
        .then(delegateToFramework({ reason, sendToDeadLetter: true, escalate: true }));
    },
  );

  it('releases the seat, refunds the buy-in and rejects the join when verification fails', () => {
    rejections
      .given([tableOpened(), joined(alice, 1, 400)])
      .whenRejected({
        domain: 'player',
        command: verify,
        reason: 'self_excluded',
        targetRoot: alice,
      })
      .then([
        create(SeatReleasedSchema, { playerId: player, seat: 1, reason: 'self_excluded' }),
        create(BuyInRefundedSchema, { playerId: player, amount: 400, reason: 'self_excluded' }),
        create(JoinRejectedSchema, { playerId: player, reason: 'self_excluded' }),
      ]);
  });

  it('forgets a hand that refused to start', () => {
    const dealt = handDealt(
      [
        [alice, 1, 500],
        [bob, 2, 500],
      ],
      1,
    );
    rejections
      .given([tableOpened(), ...seated(alice, 1), ...seated(bob, 2), dealt])
      .whenRejected({
        domain: 'hand',
        command: create(StartHandSchema),
        reason: 'invalid_blinds',
        targetRoot: hand,
      })
      .then(
        create(HandFinishedSchema, {
          handId: bytesOf(hand),
          reason: 'start_rejected:invalid_blinds',
        }),
      );
  });

  it('escalates chips the hand will not take', () => {
    rejections
      .given([tableOpened()])
      .whenRejected({
        domain: 'hand',
        command: create(ConfirmStackDeductionSchema, { playerId: player, amount: 10 }),
        reason: 'exceeds_commitment',
        targetRoot: hand,
      })
      .then(
        delegateToFramework({
          reason: 'ConfirmStackDeduction rejected: exceeds_commitment',
          sendToDeadLetter: true,
          escalate: true,
        }),
      );
  });

  it('compensates a pending join like a failed verification', () => {
    const pending = joined(alice, 1, 400);
    const state = replay(evolveTable, initialTableState(), [tableOpened(), pending]);
    const undo = aggregateDefinitionOf(new TableAggregate()).compensators.get('PlayerJoined');
    const events = undo?.compensate(pending, 'operator', state) as { $typeName: string }[];
    expect(events.map((e) => e.$typeName)).toEqual([
      'poker.v1.SeatReleased',
      'poker.v1.BuyInRefunded',
      'poker.v1.JoinRejected',
    ]);
  });
});
