import { create } from '@bufbuild/protobuf';
import {
  BetPlacedSchema,
  ConfirmSeatSchema,
  ConfirmStackDeductionSchema,
  CreditPlayerStackSchema,
  DeductFromPlayerStackSchema,
  FinishHandSchema,
  FundsReleasedSchema,
  FundsReservedSchema,
  HandEndedSchema,
  JoinTableSchema,
  PlayerVerifiedSchema,
  POKER_FILES,
  PotsRefunded_RefundSchema,
  PotsRefundedSchema,
  ReserveFundsSchema,
  SeatRequestedSchema,
  StackDeductedSchema,
  TableClosedSchema,
  AbortHandSchema,
  StackCreditedSchema,
} from '@poker/contracts';
import { sagaSpec } from '@saga-kit/core/testing';
import { bytesOf } from '../shared';
import { ids } from '../testing';
import { HandTableSaga } from './hand-table.saga';
import { PlayerTableSaga } from './player-table.saga';
import { TableHandSaga } from './table-hand.saga';
import { TablePlayerSaga } from './table-player.saga';

const { alice, bob, table, hand } = ids;
const [a, b, t, h] = [alice, bob, table, hand].map(bytesOf) as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
];
const options = { registry: POKER_FILES };

describe('sagas', () => {
  it('player-table joins a reserved buy-in and confirms a verified seat', () => {
    const saga = sagaSpec(PlayerTableSaga, options);
    saga
      .when(create(FundsReservedSchema, { tableId: t, amount: 300, seat: 2 }), {
        sequence: 2,
        root: alice,
      })
      .thenCommands([
        { root: table, command: create(JoinTableSchema, { playerId: a, seat: 2, buyIn: 300 }) },
      ]);
    saga
      .when(create(PlayerVerifiedSchema, { tableId: t, amount: 300 }), { sequence: 3, root: alice })
      .thenCommands([{ root: table, command: create(ConfirmSeatSchema, { playerId: a }) }]);
    saga
      .when(create(FundsReleasedSchema, { tableId: t }), { sequence: 4, root: alice })
      .thenNoCommands();
  });

  it('table-player asks the player to reserve a requested buy-in', () => {
    sagaSpec(TablePlayerSaga, options)
      .when(create(SeatRequestedSchema, { playerId: a, seat: 5, buyIn: 200 }), {
        sequence: 1,
        root: table,
      })
      .thenCommands([
        { root: alice, command: create(ReserveFundsSchema, { tableId: t, amount: 200, seat: 5 }) },
      ]);
  });

  it('table-hand confirms deductions to the hand and aborts it when the table closes', () => {
    const saga = sagaSpec(TableHandSaga, options);
    saga
      .when(create(StackDeductedSchema, { playerId: a, amount: 20, handId: h }), {
        sequence: 9,
        root: table,
      })
      .thenCommands([
        { root: hand, command: create(ConfirmStackDeductionSchema, { playerId: a, amount: 20 }) },
      ]);
    saga
      .when(create(TableClosedSchema, { reason: 'x', handInProgress: h }), {
        sequence: 10,
        root: table,
      })
      .thenCommands([{ root: hand, command: create(AbortHandSchema, { reason: 'table_closed' }) }]);
    saga
      .when(create(StackCreditedSchema, { playerId: a, amount: 20 }), { sequence: 11, root: table })
      .thenNoCommands();
  });

  it('hand-table deducts bets, credits each refund and finishes the hand', () => {
    const saga = sagaSpec(HandTableSaga, options);
    saga
      .when(create(BetPlacedSchema, { playerId: a, amount: 30, tableId: t }), {
        sequence: 5,
        root: hand,
      })
      .thenCommands([
        {
          root: table,
          command: create(DeductFromPlayerStackSchema, { playerId: a, amount: 30, handId: h }),
        },
      ]);
    const refunds = [
      create(PotsRefunded_RefundSchema, { playerId: a, amount: 30 }),
      create(PotsRefunded_RefundSchema, { playerId: b, amount: 10 }),
    ];
    const credit = (playerId: Uint8Array, amount: number) =>
      create(CreditPlayerStackSchema, { playerId, amount, handId: h, reason: 'refund' });
    saga
      .when(create(PotsRefundedSchema, { refunds, tableId: t }), { sequence: 8, root: hand })
      .thenCommands([
        { root: table, command: credit(a, 30) },
        { root: table, command: credit(b, 10) },
      ]);
    saga
      .when(create(HandEndedSchema, { reason: 'table_closed', tableId: t }), {
        sequence: 9,
        root: hand,
      })
      .thenCommands([
        { root: table, command: create(FinishHandSchema, { handId: h, reason: 'table_closed' }) },
      ]);
  });
});
