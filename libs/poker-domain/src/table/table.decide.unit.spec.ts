import { create } from '@bufbuild/protobuf';
import {
  CloseTableSchema,
  ConfirmSeatSchema,
  CreditPlayerStackSchema,
  DealHandSchema,
  DeductFromPlayerStackSchema,
  FinishHandSchema,
  HandFinishedSchema,
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
  StackDeductedSchema,
  TableClosedSchema,
} from '@poker/contracts';
import { bytesOf, idOf, replay } from '../shared';
import { contextAt, handDealt, ids, joined, seated, tableOpened, typesOf } from '../testing';
import { decideTable } from './table.decide';
import { evolveTable } from './table.evolve';
import type { TableCommand, TableEvent } from './table.messages';
import { initialTableState, type TableState } from './table.state';

const { alice, bob, carol, hand, nextHand } = ids;
const ctx = contextAt();
const stateOf = (events: TableEvent[]): TableState =>
  replay(evolveTable, initialTableState(), events);
const decideAfter = (events: TableEvent[], command: TableCommand): TableEvent[] =>
  decideTable(command, stateOf(events), ctx);

const p = bytesOf;
const request = (player: string, seat = 1, buyIn = 500) =>
  create(RequestSeatSchema, { playerId: p(player), seat, buyIn });
const join = (player: string, seat = 1, buyIn = 500) =>
  create(JoinTableSchema, { playerId: p(player), seat, buyIn });
const deduct = (player: string, amount: number, handId: string = hand) =>
  create(DeductFromPlayerStackSchema, { playerId: p(player), amount, handId: p(handId) });
const credit = (player: string, amount: number) =>
  create(CreditPlayerStackSchema, { playerId: p(player), amount, handId: p(hand) });
const folded = (player: string, handId: string = hand) =>
  create(PlayerFoldedAtTableSchema, { playerId: p(player), handId: p(handId) });
const sittingOut = (player: string) => create(PlayerSatOutSchema, { playerId: p(player) });
const twoSeated = [tableOpened(), ...seated(alice, 1), ...seated(bob, 4)];
const inHand = [
  ...twoSeated,
  handDealt(
    [
      [alice, 1, 500],
      [bob, 4, 500],
    ],
    1,
  ),
];
const closed = create(TableClosedSchema, { reason: 'maintenance' });

describe('table decider', () => {
  it('opens with its blinds, buy-in range and action timeout', () => {
    const open = create(OpenTableSchema, {
      name: 't',
      maxSeats: 9,
      smallBlind: 1,
      bigBlind: 2,
      minBuyIn: 40,
      maxBuyIn: 200,
      actionTimeoutSeconds: 20,
    });
    expect(stateOf(decideAfter([], open))).toMatchObject({
      status: 'open',
      maxSeats: 9,
      bigBlind: 2,
      minBuyIn: 40,
      maxBuyIn: 200,
      actionTimeoutSeconds: 20,
    });
  });

  it('records a seat request without holding the seat', () => {
    const given = [tableOpened(), ...decideAfter([tableOpened()], request(alice, 2, 100))];
    expect(stateOf(given).requests[alice]).toEqual({ seat: 2, buyIn: 100 });
    expect(typesOf(decideAfter(given, join(bob, 2)))).toEqual(['PlayerJoined']);
  });

  it('seats a joining player as pending with the buy-in as stack, settling the request', () => {
    const given = [
      tableOpened(),
      create(SeatRequestedSchema, { playerId: p(alice), seat: 2, buyIn: 1000 }),
    ];
    const state = stateOf([...given, ...decideAfter(given, join(alice, 2, 1000))]);
    expect(state.seats[alice]).toMatchObject({ seat: 2, stack: 1000, status: 'pending' });
    expect(state.requests).toEqual({});
  });

  it('confirms a pending seat once, and cashes it straight out when the table closed meanwhile', () => {
    const confirm = create(ConfirmSeatSchema, { playerId: p(alice) });
    const given = [tableOpened(), joined(alice, 1, 300)];
    expect(stateOf([...given, ...decideAfter(given, confirm)]).seats[alice]?.status).toBe(
      'playing',
    );
    expect(decideAfter([tableOpened(), ...seated(alice, 1)], confirm)).toEqual([]);
    const cashedOut = decideAfter([...given, closed], confirm);
    expect(typesOf(cashedOut)).toEqual(['SeatConfirmed', 'PlayerLeft']);
    expect(cashedOut[1]).toMatchObject({ cashOut: 300 });
  });

  it('cashes out the whole stack when a player leaves between hands', () => {
    const given = [...twoSeated, create(StackDeductedSchema, { playerId: p(alice), amount: 120 })];
    const events = decideAfter(given, create(LeaveTableSchema, { playerId: p(alice) }));
    expect(events[0]).toMatchObject({ $typeName: 'poker.v1.PlayerLeft', seat: 1, cashOut: 380 });
    expect(stateOf([...given, ...events]).seats[alice]).toBeUndefined();
  });

  it('moves chips between stacks and the hand', () => {
    const deducted = decideAfter(inHand, deduct(alice, 500));
    const credited = decideAfter([...inHand, ...deducted], credit(alice, 40));
    expect(stateOf([...inHand, ...deducted, ...credited]).seats[alice]?.stack).toBe(40);
  });

  it('takes a bet from a player who folded in another hand', () => {
    const events = decideAfter([...inHand, folded(alice, nextHand)], deduct(alice, 10));
    expect(events).toEqual([
      create(StackDeductedSchema, { playerId: p(alice), amount: 10, handId: p(hand) }),
    ]);
  });

  it('records a fold in the hand in progress once', () => {
    const mark = create(MarkPlayerFoldedSchema, { playerId: p(bob), handId: p(hand) });
    const events = decideAfter(inHand, mark);
    expect(stateOf([...inHand, ...events]).hand?.folded).toEqual([bob]);
    expect(decideAfter([...inHand, ...events], mark)).toEqual([]);
  });

  it('sits a player out and back in, each only once', () => {
    const out = create(SitOutAtTableSchema, { playerId: p(alice), reason: 'away' });
    const back = create(SitInAtTableSchema, { playerId: p(alice) });
    const sat = decideAfter(twoSeated, out);
    expect(stateOf([...twoSeated, ...sat]).seats[alice]?.sittingOut).toBe(true);
    expect(decideAfter([...twoSeated, ...sat], out)).toEqual([]);
    const returned = decideAfter([...twoSeated, ...sat], back);
    expect(stateOf([...twoSeated, ...sat, ...returned]).seats[alice]?.sittingOut).toBe(false);
    expect(decideAfter(twoSeated, back)).toEqual([]);
  });

  it('deals verified, sitting-in players with chips, moving the button round the table', () => {
    const given = [
      ...twoSeated,
      ...seated(carol, 6),
      joined(ids.dave, 2),
      create(StackDeductedSchema, { playerId: p(carol), amount: 500 }),
    ];
    const deal = (handId: string) => create(DealHandSchema, { handId: p(handId) });
    const [first] = decideAfter(given, deal(hand));
    expect(first).toMatchObject({
      button: 1,
      smallBlind: 5,
      bigBlind: 10,
      actionTimeoutSeconds: 30,
    });
    const dealt = first as Extract<TableEvent, { $typeName: 'poker.v1.HandDealt' }>;
    expect(dealt.seats.map((s) => [idOf(s.playerId), s.seat, s.stack])).toEqual([
      [alice, 1, 500],
      [bob, 4, 500],
    ]);
    const finished = create(HandFinishedSchema, { handId: p(hand) });
    const [second] = decideAfter([...given, first!, finished], deal(nextHand));
    expect(second).toMatchObject({ button: 4 });
    const [third] = decideAfter([...given, first!, finished, second!, finished], deal(hand));
    expect(third).toMatchObject({ button: 1 });
  });

  it('skips players sitting out when dealing', () => {
    const given = [...twoSeated, ...seated(carol, 5), sittingOut(bob)];
    const [dealt] = decideAfter(given, create(DealHandSchema, { handId: p(hand) }));
    const seats = (dealt as Extract<TableEvent, { $typeName: 'poker.v1.HandDealt' }>).seats;
    expect(seats.map((s) => s.seat)).toEqual([1, 5]);
  });

  it('closes at once between hands, cashing out verified seats only', () => {
    const given = [...twoSeated, joined(carol, 3)];
    const events = decideAfter(given, create(CloseTableSchema, { reason: 'maintenance' }));
    expect(typesOf(events)).toEqual(['TableClosed', 'PlayerLeft', 'PlayerLeft']);
    expect(Object.keys(stateOf([...given, ...events]).seats)).toEqual([carol]);
  });

  it('closes during a hand naming it, and cashes out when the hand is finished', () => {
    const events = decideAfter(inHand, create(CloseTableSchema));
    expect(typesOf(events)).toEqual(['TableClosed']);
    expect(idOf((events[0] as { handInProgress: Uint8Array }).handInProgress)).toBe(hand);
    const finish = create(FinishHandSchema, { handId: p(hand), reason: 'aborted' });
    const after = decideAfter([...inHand, ...events], finish);
    expect(typesOf(after)).toEqual(['HandFinished', 'PlayerLeft', 'PlayerLeft']);
    expect(stateOf([...inHand, ...events, ...after])).toMatchObject({ hand: null, seats: {} });
  });

  it('forgets the hand when it finishes at an open table', () => {
    const finish = create(FinishHandSchema, { handId: p(hand) });
    const events = decideAfter(inHand, finish);
    expect(typesOf(events)).toEqual(['HandFinished']);
    expect(stateOf([...inHand, ...events]).hand).toBeNull();
  });
});
