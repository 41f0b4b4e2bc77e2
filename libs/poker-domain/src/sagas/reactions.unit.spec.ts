import { create } from '@bufbuild/protobuf';
import {
  BetPlacedSchema,
  BettingClosedSchema,
  BlindPostedSchema,
  BuyInRefundedSchema,
  FundsReleasedSchema,
  FundsReservedSchema,
  HandEndedSchema,
  PlayerFoldedSchema,
  PlayerJoinedSchema,
  PlayerLeftSchema,
  PlayerSatOutOfHandSchema,
  PlayerVerifiedSchema,
  PotAwardedSchema,
  PotsRefunded_RefundSchema,
  PotsRefundedSchema,
  SeatRequestedSchema,
  StackDeductedSchema,
  TableClosedSchema,
  TableOpenedSchema,
} from '@poker/contracts';
import { bytesOf } from '../shared';
import { handDealt, ids, plainOf } from '../testing';
import { handToTable } from './hand-table.reactions';
import { playerToTable } from './player-table.reactions';
import type { Reaction } from './reaction';
import { tableToHand } from './table-hand.reactions';
import { tableToPlayer } from './table-player.reactions';

const { alice, bob, table, hand } = ids;
const [a, b, t, h] = [alice, bob, table, hand].map(bytesOf) as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
];
const shown = (reactions: Reaction[]) =>
  reactions.map((r) => ({ target: r.target, command: plainOf(r.command) }));
const expected = (target: string, type: string, fields: Record<string, unknown>) => ({
  target,
  command: { type, ...fields },
});

describe('saga reactions', () => {
  it.each<[string, () => Reaction[], ReturnType<typeof expected>[]]>([
    [
      'player-table: a reserved buy-in joins the table',
      () => playerToTable(create(FundsReservedSchema, { tableId: t, amount: 300, seat: 2 }), alice),
      [expected(table, 'JoinTable', { playerId: alice, seat: 2, buyIn: 300 })],
    ],
    [
      'player-table: a verified player has the seat confirmed',
      () => playerToTable(create(PlayerVerifiedSchema, { tableId: t, amount: 300 }), alice),
      [expected(table, 'ConfirmSeat', { playerId: alice })],
    ],
    [
      'table-player: a seat request reserves the buy-in',
      () => tableToPlayer(create(SeatRequestedSchema, { playerId: a, seat: 4, buyIn: 250 }), table),
      [expected(alice, 'ReserveFunds', { tableId: table, amount: 250, seat: 4 })],
    ],
    [
      'table-player: a join asks for verification',
      () => tableToPlayer(create(PlayerJoinedSchema, { playerId: a, seat: 4, buyIn: 250 }), table),
      [expected(alice, 'VerifyPlayer', { tableId: table })],
    ],
    [
      'table-player: a refunded buy-in releases the reservation',
      () =>
        tableToPlayer(
          create(BuyInRefundedSchema, { playerId: a, amount: 250, reason: 'kyc_pending' }),
          table,
        ),
      [expected(alice, 'ReleaseFunds', { tableId: table, reason: 'kyc_pending' })],
    ],
    [
      'table-player: a player leaving is credited the cash-out',
      () => tableToPlayer(create(PlayerLeftSchema, { playerId: a, seat: 1, cashOut: 420 }), table),
      [expected(alice, 'CreditWinnings', { tableId: table, amount: 420 })],
    ],
    [
      'table-hand: a dealt hand starts',
      () =>
        tableToHand(
          handDealt(
            [
              [alice, 1, 500],
              [bob, 3, 200],
            ],
            3,
          ),
          table,
        ),
      [
        expected(hand, 'StartHand', {
          tableId: table,
          seats: [
            { playerId: alice, seat: 1, stack: 500 },
            { playerId: bob, seat: 3, stack: 200 },
          ],
          smallBlind: 5,
          bigBlind: 10,
          button: 3,
          actionTimeoutSeconds: 30,
        }),
      ],
    ],
    [
      'table-hand: a deduction is confirmed to the hand',
      () => tableToHand(create(StackDeductedSchema, { playerId: a, amount: 40, handId: h }), table),
      [expected(hand, 'ConfirmStackDeduction', { playerId: alice, amount: 40 })],
    ],
    [
      'table-hand: closing mid-hand aborts the hand',
      () => tableToHand(create(TableClosedSchema, { reason: 'x', handInProgress: h }), table),
      [expected(hand, 'AbortHand', { reason: 'table_closed' })],
    ],
    [
      'table-hand: closing between hands aborts nothing',
      () => tableToHand(create(TableClosedSchema, { reason: 'x' }), table),
      [],
    ],
    [
      'hand-table: a blind is deducted from the stack',
      () => handToTable(create(BlindPostedSchema, { playerId: a, amount: 5, tableId: t }), hand),
      [expected(table, 'DeductFromPlayerStack', { playerId: alice, amount: 5, handId: hand })],
    ],
    [
      'hand-table: a bet is deducted from the stack',
      () => handToTable(create(BetPlacedSchema, { playerId: a, amount: 30, tableId: t }), hand),
      [expected(table, 'DeductFromPlayerStack', { playerId: alice, amount: 30, handId: hand })],
    ],
    [
      'hand-table: a pot won is credited',
      () => handToTable(create(PotAwardedSchema, { playerId: b, amount: 90, tableId: t }), hand),
      [
        expected(table, 'CreditPlayerStack', {
          playerId: bob,
          amount: 90,
          handId: hand,
          reason: 'pot_won',
        }),
      ],
    ],
    [
      'hand-table: each refund is credited',
      () =>
        handToTable(
          create(PotsRefundedSchema, {
            tableId: t,
            refunds: [
              create(PotsRefunded_RefundSchema, { playerId: a, amount: 30 }),
              create(PotsRefunded_RefundSchema, { playerId: b, amount: 10 }),
            ],
          }),
          hand,
        ),
      [
        expected(table, 'CreditPlayerStack', {
          playerId: alice,
          amount: 30,
          handId: hand,
          reason: 'refund',
        }),
        expected(table, 'CreditPlayerStack', {
          playerId: bob,
          amount: 10,
          handId: hand,
          reason: 'refund',
        }),
      ],
    ],
    [
      'hand-table: a fold is recorded at the table',
      () =>
        handToTable(
          create(PlayerFoldedSchema, { playerId: a, reason: 'timeout', tableId: t }),
          hand,
        ),
      [expected(table, 'MarkPlayerFolded', { playerId: alice, handId: hand })],
    ],
    [
      'hand-table: a player short of the blind is sat out at the table',
      () =>
        handToTable(
          create(PlayerSatOutOfHandSchema, { playerId: a, reason: 'short', tableId: t }),
          hand,
        ),
      [expected(table, 'SitOutAtTable', { playerId: alice, reason: 'short' })],
    ],
    [
      'hand-table: the end of the hand is reported',
      () => handToTable(create(HandEndedSchema, { reason: 'showdown', tableId: t }), hand),
      [expected(table, 'FinishHand', { handId: hand, reason: 'showdown' })],
    ],
  ])('%s', (_name, react, commands) => {
    expect(shown(react())).toEqual(commands);
  });

  it.each<[string, () => Reaction[]]>([
    ['player-table', () => playerToTable(create(FundsReleasedSchema, { tableId: t }), alice)],
    ['table-player', () => tableToPlayer(create(TableOpenedSchema), table)],
    ['table-hand', () => tableToHand(create(TableOpenedSchema), table)],
    ['hand-table', () => handToTable(create(BettingClosedSchema), hand)],
  ])('%s ignores events that concern nobody else', (_name, react) => {
    expect(react()).toEqual([]);
  });
});
