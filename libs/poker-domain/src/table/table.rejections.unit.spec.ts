import { create } from '@bufbuild/protobuf';
import {
  CloseTableSchema,
  ConfirmSeatSchema,
  CreditPlayerStackSchema,
  DealHandSchema,
  DeductFromPlayerStackSchema,
  FinishHandSchema,
  JoinTableSchema,
  LeaveTableSchema,
  MarkPlayerFoldedSchema,
  OpenTableSchema,
  PlayerFoldedAtTableSchema,
  PlayerSatOutSchema,
  RequestSeatSchema,
  SeatRequestedSchema,
  SitInAtTableSchema,
  SitOutAtTableSchema,
  TableClosedSchema,
} from '@poker/contracts';
import { bytesOf as p, replay } from '../shared';
import {
  catalogPairs,
  contextAt,
  handDealt,
  ids,
  joined,
  rejectionOf,
  seated,
  tableOpened,
} from '../testing';
import { decideTable } from './table.decide';
import { evolveTable } from './table.evolve';
import type { TableCommand, TableEvent } from './table.messages';
import { TABLE_REJECTIONS } from './table.rejections';
import { initialTableState } from './table.state';

const { alice, bob, carol, hand, nextHand } = ids;
const open = tableOpened();
const closed = create(TableClosedSchema);
const twoSeated = [open, ...seated(alice, 1), ...seated(bob, 2)];
const inHand = [
  ...twoSeated,
  handDealt(
    [
      [alice, 1, 500],
      [bob, 2, 500],
    ],
    1,
  ),
];
const config = {
  maxSeats: 6,
  smallBlind: 5,
  bigBlind: 10,
  minBuyIn: 100,
  maxBuyIn: 1000,
  actionTimeoutSeconds: 30,
};
const openWith = (change: Partial<typeof config>) =>
  create(OpenTableSchema, { ...config, ...change });
const request = (player: string, seat: number, buyIn = 500) =>
  create(RequestSeatSchema, { playerId: p(player), seat, buyIn });
const join = (player: string, seat: number, buyIn = 500) =>
  create(JoinTableSchema, { playerId: p(player), seat, buyIn });
const deduct = (player: string, amount: number) =>
  create(DeductFromPlayerStackSchema, { playerId: p(player), amount, handId: p(hand) });
const credit = (player: string, amount: number) =>
  create(CreditPlayerStackSchema, { playerId: p(player), amount, handId: p(hand) });
const markFolded = (player: string, handId: string) =>
  create(MarkPlayerFoldedSchema, { playerId: p(player), handId: p(handId) });

const seatingCases = (
  command: 'RequestSeat' | 'JoinTable',
  make: (player: string, seat: number, buyIn?: number) => TableCommand,
): [string, TableEvent[], TableCommand, string][] => [
  [command, [], make(alice, 1), 'table_closed'],
  [command, [open, closed], make(alice, 1), 'table_closed'],
  [command, [open], make(alice, 0), 'invalid_seat'],
  [command, [open], make(alice, 7), 'invalid_seat'],
  [command, [open], make(alice, 1, 99), 'buy_in_out_of_range'],
  [command, [open], make(alice, 1, 1001), 'buy_in_out_of_range'],
  [command, [open, joined(alice, 1)], make(alice, 2), 'already_seated'],
  [command, [tableOpened(2), ...seated(alice, 1), joined(bob, 2)], make(carol, 1), 'table_full'],
  [command, [open, joined(bob, 3)], make(alice, 3), 'seat_taken'],
];

const cases: [string, TableEvent[], TableCommand, string][] = [
  ['OpenTable', [open], openWith({}), 'table_already_opened'],
  ['OpenTable', [open, closed], openWith({}), 'table_already_opened'],
  ...(
    [
      { maxSeats: 1 },
      { maxSeats: 11 },
      { smallBlind: 0 },
      { bigBlind: 4 },
      { minBuyIn: 9 },
      { maxBuyIn: 99 },
      { actionTimeoutSeconds: 0 },
    ] as Partial<typeof config>[]
  ).map((change): [string, TableEvent[], TableCommand, string] => [
    'OpenTable',
    [],
    openWith(change),
    'invalid_configuration',
  ]),
  ...seatingCases('RequestSeat', request),
  [
    'RequestSeat',
    [open, create(SeatRequestedSchema, { playerId: p(alice), seat: 1, buyIn: 500 })],
    request(alice, 2),
    'request_pending',
  ],
  ...seatingCases('JoinTable', join),
  ['ConfirmSeat', [open], create(ConfirmSeatSchema, { playerId: p(alice) }), 'player_not_seated'],
  ['LeaveTable', [open], create(LeaveTableSchema, { playerId: p(alice) }), 'player_not_seated'],
  [
    'LeaveTable',
    [open, joined(alice, 1)],
    create(LeaveTableSchema, { playerId: p(alice) }),
    'seat_not_confirmed',
  ],
  ['LeaveTable', inHand, create(LeaveTableSchema, { playerId: p(alice) }), 'player_in_hand'],
  ['DeductFromPlayerStack', [open, joined(alice, 1)], deduct(alice, 10), 'player_not_seated'],
  [
    'DeductFromPlayerStack',
    [...inHand, create(PlayerFoldedAtTableSchema, { playerId: p(alice), handId: p(hand) })],
    deduct(alice, 10),
    'player_folded',
  ],
  ['DeductFromPlayerStack', inHand, deduct(alice, 0), 'invalid_amount'],
  ['DeductFromPlayerStack', inHand, deduct(alice, 501), 'insufficient_stack'],
  ['CreditPlayerStack', inHand, credit(carol, 10), 'player_not_seated'],
  ['CreditPlayerStack', inHand, credit(alice, 0), 'invalid_amount'],
  ['MarkPlayerFolded', inHand, markFolded(carol, hand), 'player_not_seated'],
  ['MarkPlayerFolded', inHand, markFolded(alice, nextHand), 'unknown_hand'],
  ['MarkPlayerFolded', twoSeated, markFolded(alice, hand), 'unknown_hand'],
  [
    'SitOutAtTable',
    [open],
    create(SitOutAtTableSchema, { playerId: p(alice) }),
    'player_not_seated',
  ],
  ['SitInAtTable', [open], create(SitInAtTableSchema, { playerId: p(alice) }), 'player_not_seated'],
  [
    'SitInAtTable',
    [open, joined(alice, 1), create(PlayerSatOutSchema, { playerId: p(alice) })],
    create(SitInAtTableSchema, { playerId: p(alice) }),
    'seat_not_confirmed',
  ],
  ['DealHand', [...twoSeated, closed], create(DealHandSchema, { handId: p(hand) }), 'table_closed'],
  ['DealHand', inHand, create(DealHandSchema, { handId: p(nextHand) }), 'hand_in_progress'],
  [
    'DealHand',
    [open, ...seated(alice, 1), joined(bob, 2)],
    create(DealHandSchema, { handId: p(hand) }),
    'not_enough_players',
  ],
  ['FinishHand', twoSeated, create(FinishHandSchema, { handId: p(hand) }), 'unknown_hand'],
  ['FinishHand', inHand, create(FinishHandSchema, { handId: p(nextHand) }), 'unknown_hand'],
  ['CloseTable', [], create(CloseTableSchema), 'table_closed'],
  ['CloseTable', [open, closed], create(CloseTableSchema), 'table_closed'],
];

describe('table rejections', () => {
  it.each(cases)('rejects %s with %s', (_command, given, command, reason) => {
    const state = replay(evolveTable, initialTableState(), given);
    expect(rejectionOf(() => decideTable(command, state, contextAt()))).toBe(reason);
  });

  it('exercises every rejection reason of the catalog', () => {
    const covered = new Set(cases.map(([command, , , reason]) => `${command}:${reason}`));
    expect([...covered].sort()).toEqual(catalogPairs(TABLE_REJECTIONS));
  });
});
