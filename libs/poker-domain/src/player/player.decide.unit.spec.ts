import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CompleteKycSchema,
  CreditWinningsSchema,
  FundsReservedSchema,
  PlayerRegisteredSchema,
  PlayerSelfExcludedSchema,
  PlayerSuspendedSchema,
  PlayerVerifiedSchema,
  RegisterPlayerSchema,
  ReleaseFundsSchema,
  ReserveFundsSchema,
  SelfExcludeSchema,
  SuspendPlayerSchema,
  VerifyPlayerSchema,
} from '@poker/contracts';
import { bytesOf, replay } from '../shared';
import { NOW, catalogPairs, contextAt, ids, rejectionOf, typesOf } from '../testing';
import { decidePlayer } from './player.decide';
import { evolvePlayer } from './player.evolve';
import type { PlayerCommand, PlayerEvent } from './player.messages';
import { PLAYER_REJECTIONS } from './player.rejections';
import { initialPlayerState, type PlayerState } from './player.state';

const table = bytesOf(ids.table);
const ctx = contextAt();
const stateOf = (events: PlayerEvent[]): PlayerState =>
  replay(evolvePlayer, initialPlayerState(), events);
const decideAfter = (events: PlayerEvent[], command: PlayerCommand): PlayerEvent[] =>
  decidePlayer(command, stateOf(events), ctx);

const registered = (bankroll = 1000, kycPending = false): PlayerEvent =>
  create(PlayerRegisteredSchema, { name: 'alice', bankroll, kycPending });
const reserved = (amount = 200): PlayerEvent =>
  create(FundsReservedSchema, { tableId: table, amount, seat: 3 });
const reserve = (amount = 200): PlayerCommand =>
  create(ReserveFundsSchema, { tableId: table, amount, seat: 3 });
const verify = create(VerifyPlayerSchema, { tableId: table });
const until = (ms: number) => timestampFromDate(new Date(NOW.getTime() + ms));

describe('player decider', () => {
  it('registers a player with an opening bankroll', () => {
    const events = decideAfter([], create(RegisterPlayerSchema, { name: 'alice', bankroll: 500 }));
    expect(stateOf(events)).toMatchObject({ registered: true, name: 'alice', bankroll: 500 });
  });

  it('reserves a buy-in out of the bankroll, up to all of it', () => {
    const events = decideAfter([registered(1000)], reserve(1000));
    const state = stateOf([registered(1000), ...events]);
    expect(state.bankroll).toBe(0);
    expect(state.reservations[ids.table]).toEqual({ amount: 1000, seat: 3 });
  });

  it('keeps reservations at different tables apart', () => {
    const other = create(ReserveFundsSchema, { tableId: bytesOf(ids.otherTable), amount: 300 });
    const events = decideAfter([registered(), reserved()], other);
    expect(stateOf([registered(), reserved(), ...events]).bankroll).toBe(500);
  });

  it('releases the whole reservation back to the bankroll', () => {
    const release = create(ReleaseFundsSchema, { tableId: table, reason: 'buy_in_refunded' });
    const [event] = decideAfter([registered(), reserved(250)], release);
    expect(event).toMatchObject({ $typeName: 'poker.v1.FundsReleased', amount: 250 });
    const state = stateOf([registered(), reserved(250), event!]);
    expect(state).toMatchObject({ bankroll: 1000, reservations: {} });
  });

  it('verifies a player and hands the reservation over to the table', () => {
    const [event] = decideAfter([registered(), reserved(200)], verify);
    expect(event).toMatchObject({ $typeName: 'poker.v1.PlayerVerified', amount: 200 });
    const state = stateOf([registered(), reserved(200), event!]);
    expect(state).toMatchObject({ bankroll: 800, reservations: {}, buyIns: { [ids.table]: 200 } });
  });

  it('verifies once a self-exclusion has run out', () => {
    const excluded = create(PlayerSelfExcludedSchema, { until: until(-1) });
    expect(typesOf(decideAfter([registered(), excluded, reserved()], verify))).toEqual([
      'PlayerVerified',
    ]);
  });

  it('verifies once KYC is completed', () => {
    const given = [registered(1000, true), reserved()];
    const completed = decideAfter(given, create(CompleteKycSchema));
    expect(typesOf(decideAfter([...given, ...completed], verify))).toEqual(['PlayerVerified']);
  });

  it('credits a cash-out to the bankroll and forgets the buy-in', () => {
    const verified = create(PlayerVerifiedSchema, { tableId: table, amount: 200 });
    const given = [registered(), reserved(200), verified];
    const events = decideAfter(
      given,
      create(CreditWinningsSchema, { tableId: table, amount: 350 }),
    );
    expect(stateOf([...given, ...events])).toMatchObject({ bankroll: 1150, buyIns: {} });
  });

  it.each([
    ['a second suspension', [create(PlayerSuspendedSchema)], create(SuspendPlayerSchema)],
    ['completing KYC that is not pending', [], create(CompleteKycSchema)],
  ])('records nothing for %s', (_name, given, command) => {
    expect(decideAfter([registered(), ...given], command)).toEqual([]);
  });

  const suspended = create(PlayerSuspendedSchema, { reason: 'chargeback' });
  const rejections: [string, PlayerEvent[], PlayerCommand, string][] = [
    ['RegisterPlayer', [registered()], create(RegisterPlayerSchema), 'already_registered'],
    ['ReserveFunds', [], reserve(), 'player_not_registered'],
    ['ReserveFunds', [registered(), suspended], reserve(), 'player_suspended'],
    ['ReserveFunds', [registered()], reserve(0), 'invalid_amount'],
    ['ReserveFunds', [registered(), reserved()], reserve(), 'already_reserved_for_table'],
    ['ReserveFunds', [registered(100)], reserve(101), 'insufficient_balance'],
    ['ReleaseFunds', [], create(ReleaseFundsSchema, { tableId: table }), 'player_not_registered'],
    [
      'ReleaseFunds',
      [registered()],
      create(ReleaseFundsSchema, { tableId: table }),
      'not_reserved',
    ],
    ['VerifyPlayer', [], verify, 'player_not_registered'],
    ['VerifyPlayer', [registered()], verify, 'not_reserved'],
    ['VerifyPlayer', [registered(), reserved(), suspended], verify, 'player_suspended'],
    [
      'VerifyPlayer',
      [registered(), create(PlayerSelfExcludedSchema, { until: until(60_000) }), reserved()],
      verify,
      'self_excluded',
    ],
    ['VerifyPlayer', [registered(1000, true), reserved()], verify, 'kyc_pending'],
    [
      'CreditWinnings',
      [],
      create(CreditWinningsSchema, { tableId: table }),
      'player_not_registered',
    ],
    ['SuspendPlayer', [], create(SuspendPlayerSchema), 'player_not_registered'],
    ['SelfExclude', [], create(SelfExcludeSchema, { until: until(1) }), 'player_not_registered'],
    [
      'SelfExclude',
      [registered()],
      create(SelfExcludeSchema, { until: until(0) }),
      'invalid_period',
    ],
    ['SelfExclude', [registered()], create(SelfExcludeSchema), 'invalid_period'],
    ['CompleteKyc', [], create(CompleteKycSchema), 'player_not_registered'],
  ];

  it.each(rejections)('rejects %s with %s', (_command, given, command, reason) => {
    expect(rejectionOf(() => decideAfter(given, command))).toBe(reason);
  });

  it('exercises every rejection reason of the catalog', () => {
    const covered = new Set(rejections.map(([command, , , reason]) => `${command}:${reason}`));
    expect([...covered].sort()).toEqual(catalogPairs(PLAYER_REJECTIONS));
  });
});
