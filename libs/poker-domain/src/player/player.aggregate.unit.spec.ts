import { create } from '@bufbuild/protobuf';
import {
  ConfirmSeatSchema,
  FundsReleasedSchema,
  FundsReservedSchema,
  JoinTableSchema,
  PlayerRegisteredSchema,
  POKER_FILES,
  ReserveFundsSchema,
} from '@poker/contracts';
import { aggregateDefinitionOf, delegateToFramework } from '@saga-kit/core';
import { deciderSpec, rejectionSpec } from '@saga-kit/core/testing';
import { bytesOf, replay } from '../shared';
import { ids } from '../testing';
import { PlayerAggregate } from './player.aggregate';
import { evolvePlayer } from './player.evolve';
import { initialPlayerState } from './player.state';

const table = bytesOf(ids.table);
const registered = create(PlayerRegisteredSchema, { name: 'alice', bankroll: 1000 });
const reserved = create(FundsReservedSchema, { tableId: table, amount: 300, seat: 2 });
const join = create(JoinTableSchema, { playerId: bytesOf(ids.alice), seat: 2, buyIn: 300 });
const rejections = rejectionSpec(PlayerAggregate, { registry: POKER_FILES });

describe('PlayerAggregate', () => {
  it('reserves a buy-in', () => {
    deciderSpec(PlayerAggregate)
      .given([registered])
      .when(create(ReserveFundsSchema, { tableId: table, amount: 300, seat: 2 }))
      .then([reserved]);
  });

  it('refuses a buy-in the bankroll cannot cover', () => {
    deciderSpec(PlayerAggregate)
      .given([registered, reserved])
      .when(create(ReserveFundsSchema, { tableId: bytesOf(ids.otherTable), amount: 701 }))
      .thenRejected('insufficient_balance');
  });

  it('releases the reservation when the table refuses the join', () => {
    rejections
      .given([registered, reserved])
      .whenRejected({ domain: 'table', command: join, reason: 'seat_taken', targetRoot: ids.table })
      .then(create(FundsReleasedSchema, { tableId: table, amount: 300, reason: 'seat_taken' }));
  });

  it('has nothing to release when no reservation is held for that table', () => {
    rejections
      .given([registered])
      .whenRejected({ domain: 'table', command: join, reason: 'table_full', targetRoot: ids.table })
      .then(null);
  });

  it('hands an unconfirmable seat to a person', () => {
    rejections
      .given([registered])
      .whenRejected({
        domain: 'table',
        command: create(ConfirmSeatSchema, { playerId: bytesOf(ids.alice) }),
        reason: 'player_not_seated',
        targetRoot: ids.table,
      })
      .then(
        delegateToFramework({
          reason: 'ConfirmSeat rejected: player_not_seated',
          sendToDeadLetter: true,
          escalate: true,
        }),
      );
  });

  it('compensates a reservation by releasing it', () => {
    const state = replay(evolvePlayer, initialPlayerState(), [registered, reserved]);
    const undo = aggregateDefinitionOf(new PlayerAggregate()).compensators.get('FundsReserved');
    expect(undo?.compensate(reserved, 'operator', state)).toMatchObject({
      $typeName: 'poker.v1.FundsReleased',
      amount: 300,
      reason: 'operator',
    });
  });
});
