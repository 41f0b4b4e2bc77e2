import { create } from '@bufbuild/protobuf';
import {
  BetPlacedSchema,
  BetRevertedSchema,
  BetAction,
  CreditPlayerStackSchema,
  DeductFromPlayerStackSchema,
  FundsReleasedSchema,
  FundsReservedSchema,
  HandStartedSchema,
  JoinTableSchema,
  MarkPlayerFoldedSchema,
  PlaceBetSchema,
  PlayerRegisteredSchema,
  POKER_FILES,
  PotsRefundedSchema,
  Street,
} from '@poker/contracts';
import { AssertionError } from 'node:assert';
import { newRoot, rootToString, uuidToBytes } from '../messaging/ids';
import { defineAggregate } from '../runtime/definition/aggregate-definition';
import { delegateToFramework } from '../runtime/rejection/delegate-to-framework';
import { deciderSpec } from './decider-spec';
import { HandFixture, HandTableSagaFixture, PlayerFixture } from './fixtures';
import { rejectionSpec } from './rejection-spec';
import { sagaSpec } from './saga-spec';

const player = newRoot();
const table = newRoot();
const hand = rootToString(newRoot());
const started = create(HandStartedSchema, { tableId: table });
const placeBet = create(PlaceBetSchema, { playerId: player, amount: 25 });
const betPlaced = create(BetPlacedSchema, {
  playerId: player,
  amount: 25,
  tableId: table,
  street: Street.PREFLOP,
  action: BetAction.BET,
});

describe('deciderSpec', () => {
  const spec = deciderSpec(HandFixture);

  it('checks the events a command produces', () => {
    spec.given([started]).when(placeBet).then([betPlaced]);
    spec.given([started]).when(placeBet).then(betPlaced);
  });

  it('checks a rejection reason', () => {
    spec.given([]).when(placeBet).thenRejected('hand_not_started');
  });

  it('fails, with both sides shown, when the events differ', () => {
    const wrong = create(BetPlacedSchema, { ...betPlaced, amount: 26 });
    expect(() => spec.given([started]).when(placeBet).then([wrong])).toThrow(AssertionError);
    expect(() => spec.given([started]).when(placeBet).then([wrong])).toThrow(/"amount": 26/);
  });

  it('fails when a rejection was expected but the command was accepted, or the reason differs', () => {
    expect(() => spec.given([started]).when(placeBet).thenRejected('hand_not_started')).toThrow(
      /accepted/,
    );
    expect(() => spec.given([]).when(placeBet).thenRejected('other')).toThrow(
      /got rejection hand_not_started/,
    );
    expect(() => spec.given([]).when(placeBet).then([betPlaced])).toThrow(
      /rejected: hand_not_started/,
    );
    expect(() => spec.given([started]).when(placeBet).thenNothingHappened()).toThrow(
      /expected no events/,
    );
  });

  it('reports a command the aggregate does not handle', () => {
    expect(() => spec.given([]).when(create(JoinTableSchema)).then([])).toThrow(
      /no @Handles for poker.v1.JoinTable/,
    );
  });

  it('checks a fault, and fails on another fault or on an outcome that is no fault', () => {
    // A decider that throws anything but a rejection has a bug: a fault, not a refusal.
    const faulty = deciderSpec(
      defineAggregate({ name: 'BrokenHand', domain: 'hand', initialState: () => ({}) })
        .handles(PlaceBetSchema, () => {
          throw new RangeError('the deck is empty');
        })
        .build(),
    );
    faulty.given([]).when(placeBet).thenThrows();
    faulty
      .given([])
      .when(placeBet)
      .thenThrows(/deck is empty/);
    faulty
      .given([])
      .when(placeBet)
      .thenThrows((error) => error instanceof RangeError);
    expect(() =>
      faulty
        .given([])
        .when(placeBet)
        .thenThrows(/rejected/),
    ).toThrow(/the fault did not match: the deck is empty/);
    expect(() =>
      faulty
        .given([])
        .when(placeBet)
        .thenThrows((error) => error instanceof TypeError),
    ).toThrow(/the fault did not match/);
    // A rejection expected where the decider faults: the fault itself surfaces.
    expect(() => faulty.given([]).when(placeBet).thenRejected('hand_not_started')).toThrow(
      RangeError,
    );
    expect(() => spec.given([started]).when(placeBet).thenThrows()).toThrow(
      /expected a fault, got events/,
    );
    expect(() => spec.given([]).when(placeBet).thenThrows()).toThrow(
      /expected a fault, got rejected/,
    );
  });
});

describe('sagaSpec', () => {
  const spec = sagaSpec(HandTableSagaFixture, { registry: POKER_FILES });
  const source = { sequence: 5, root: hand, correlationId: 'flow-9', eventId: 'evt-5' };

  it('checks the commands and their return addresses', () => {
    const [book] = spec.when(betPlaced, source).thenCommands([
      {
        root: table,
        command: create(DeductFromPlayerStackSchema, {
          playerId: player,
          amount: 25,
          handId: uuidToBytes(hand),
        }),
      },
    ]);
    expect(book?.returnAddress).toMatchObject({
      saga: 'hand-table',
      sourceSequence: 5n,
      replyTopic: 'sagakit.hand.notifications',
    });
    expect(book?.causationId).toBe('evt-5');
  });

  it('numbers several commands for one event', () => {
    const refunds = create(PotsRefundedSchema, {
      tableId: table,
      reason: 'aborted',
      refunds: [
        { playerId: player, amount: 10 },
        { playerId: newRoot(), amount: 20 },
      ],
    });
    const books = spec.when(refunds, source).thenCommands(
      refunds.refunds.map((r) => ({
        root: table,
        command: create(CreditPlayerStackSchema, {
          playerId: r.playerId,
          amount: r.amount,
          handId: uuidToBytes(hand),
          reason: 'aborted',
        }),
      })),
    );
    expect(books.map((b) => b.returnAddress?.commandIndex)).toEqual([0, 1]);
    expect(new Set(books.map((b) => b.commandId)).size).toBe(2);
  });

  it('fails on a different payload or target, and when commands were not expected', () => {
    expect(() =>
      spec
        .when(betPlaced, source)
        .thenCommands([{ root: table, command: create(MarkPlayerFoldedSchema) }]),
    ).toThrow(/unexpected payload/);
    expect(() =>
      spec.when(betPlaced, source).thenCommands([
        {
          root: newRoot(),
          command: create(DeductFromPlayerStackSchema, {
            playerId: player,
            amount: 25,
            handId: uuidToBytes(hand),
          }),
        },
      ]),
    ).toThrow(/target root is/);
    expect(() => spec.when(betPlaced, source).thenCommands([])).toThrow(
      /expected 0 command\(s\), got 1/,
    );
    expect(() => spec.when(betPlaced, source).thenNoCommands()).toThrow(
      /expected no commands, got 1/,
    );
    spec.when(started, source).thenNoCommands();
  });
});

describe('rejectionSpec', () => {
  const spec = rejectionSpec(PlayerFixture, { registry: POKER_FILES });
  const registered = create(PlayerRegisteredSchema, { name: 'Ada', bankroll: 1000 });
  const reserved = create(FundsReservedSchema, { tableId: table, amount: 300, seat: 2 });
  const join = create(JoinTableSchema, { playerId: newRoot(), seat: 2, buyIn: 300 });

  it('checks the compensating events', () => {
    spec
      .given([registered, reserved])
      .whenRejected({ domain: 'table', command: join, reason: 'seat_taken', targetRoot: table })
      .then(create(FundsReleasedSchema, { tableId: table, amount: 300, reason: 'seat_taken' }));
  });

  it('checks that nothing is undone when nothing was reserved for that table', () => {
    spec
      .given([registered])
      .whenRejected({ domain: 'table', command: join, reason: 'seat_taken', targetRoot: table })
      .then(null);
    spec
      .given([registered, reserved])
      .whenRejected({ domain: 'table', command: join, reason: 'seat_taken', targetRoot: newRoot() })
      .then(null);
  });

  it('fails when the handler compensates differently', () => {
    expect(() =>
      spec
        .given([registered])
        .whenRejected({ domain: 'table', command: join, reason: 'r', targetRoot: table })
        .then(create(FundsReleasedSchema, { tableId: table, amount: 1 })),
    ).toThrow(AssertionError);
  });

  it('checks a delegation, and a rejection nobody handles', () => {
    const handSpec = rejectionSpec(HandFixture, { registry: POKER_FILES });
    handSpec
      .given([started])
      .whenRejected({
        domain: 'table',
        command: create(MarkPlayerFoldedSchema),
        reason: 'player_not_seated',
      })
      .then(
        delegateToFramework({ reason: 'table out of sync: player_not_seated', escalate: true }),
      );
    handSpec
      .given([started])
      .whenRejected({
        domain: 'table',
        command: create(DeductFromPlayerStackSchema, { playerId: player, amount: 5 }),
        reason: 'player_folded',
      })
      .then(create(BetRevertedSchema, { playerId: player, amount: 5, reason: 'player_folded' }));
    handSpec
      .given([])
      .whenRejected({ domain: 'table', command: create(CreditPlayerStackSchema), reason: 'x' })
      .thenUnhandled();
    expect(() =>
      handSpec
        .given([started])
        .whenRejected({
          domain: 'table',
          command: create(DeductFromPlayerStackSchema),
          reason: 'player_folded',
        })
        .thenUnhandled(),
    ).toThrow(/expected no handler for table\/DeductFromPlayerStack, but .* handles it/);
    expect(() =>
      handSpec
        .given([])
        .whenRejected({ domain: 'table', command: create(CreditPlayerStackSchema), reason: 'x' })
        .then(null),
    ).toThrow(/no @Rejected handler for table\/CreditPlayerStack on hand/);
  });
});
