import type { Redis } from 'ioredis';
import { SHORT_OF_BLIND } from '@poker/domain';
import type { TimerJob } from '@saga-kit/core';
import { deleteKeys, testRedis, uniqueName, waitFor } from '../infra';
import { DeadLetterReader } from './dead-letter-reader';
import { EscalationReceiver } from './escalation-receiver';
import {
  idJson,
  newRoot,
  PokerGateway,
  type HistoryEntry,
  type TimelineEntry,
} from './poker-gateway';
import { startPokerServices, type PokerServices } from './poker-services';

/**
 * The poker failure scenarios end to end: the hand, table and player services booted as their
 * mains wire them, on the Kafka broker and the Redis of the test run, driven only through their
 * HTTP gateways. Every scenario uses aggregates of its own, so they all play at once.
 */
describe('poker failure scenarios over HTTP, Kafka and Redis', () => {
  const prefix = uniqueName('e2e-poker');
  const receiver = new EscalationReceiver();
  const dlq = new DeadLetterReader(['table', 'player', 'hand'].map((d) => `${prefix}.${d}.dlq`));
  let services: PokerServices | undefined;
  let gw: PokerGateway;
  let redis: Redis;
  type Flow = () => Promise<unknown>;
  const flows = new Map<Flow, Promise<{ value: unknown } | { error: unknown }>>();

  /** Starts a scenario's flow now; its test awaits the result. */
  function play(flow: Flow): void {
    flows.set(
      flow,
      flow().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    );
  }
  async function result<T>(flow: () => Promise<T>): Promise<T> {
    const settled = await flows.get(flow);
    if (!settled) throw new Error(`scenario ${flow.name} was not played`);
    if ('error' in settled) throw settled.error;
    return settled.value as T;
  }
  const correlation = (scenario: string) => `${prefix}-${scenario}`;

  beforeAll(async () => {
    redis = testRedis();
    await receiver.start();
    // The DLQ reader's group join and the services' joins take seconds each: all at once.
    [services] = await Promise.all([
      startPokerServices({ prefix, escalation: { url: receiver.url, secret: receiver.secret } }),
      dlq.start(),
    ]);
    gw = new PokerGateway(services.urls);
    [
      betReverted,
      joinRejected,
      reserveRejected,
      reservationDelegated,
      verificationFailed,
      invalidBet,
      playerDisconnected,
      actionTimeout,
      tableClosed,
      shortOfBlind,
    ].forEach(play);
  }, 90_000);

  afterAll(async () => {
    // Every flow settles (or fails) before the services go away.
    await Promise.all(flows.values());
    await services?.close();
    await Promise.all([dlq.stop(), receiver.stop()]);
    await deleteKeys(redis, prefix);
    await redis.quit();
  }, 60_000);

  /** Three players seated with 500 at a new table, a hand dealt: Alice, on the button, acts first. */
  async function dealtHand(table: Record<string, unknown> = {}, dealCorrelation?: string) {
    const [alice, bob, carol, tableId, hand] = [
      newRoot(),
      newRoot(),
      newRoot(),
      newRoot(),
      newRoot(),
    ];
    await Promise.all([
      ...[alice, bob, carol].map((p) => gw.register(p, 1000)),
      gw.openTable(tableId, table),
    ]);
    await gw.seat(tableId, [
      [alice, 1, 500],
      [bob, 2, 500],
      [carol, 3, 500],
    ]);
    await gw.deal(tableId, hand, dealCorrelation);
    return { alice, bob, carol, table: tableId, hand };
  }

  // ---- 1. A bet whose deduction the table rejects is reverted (the seed story). ----

  async function betReverted() {
    const { alice, table, hand } = await dealtHand();
    // The shot clock of her prompt, durable in the hand service's Redis queue.
    const timers = `${prefix}:jobs:{hand-timers}`;
    const timer = await waitFor(
      async () =>
        (await redis.hvals(`${timers}:data`))
          .map((job) => JSON.parse(job) as TimerJob)
          .find((job) => job.target.root === hand),
      { timeoutMs: 30_000, message: 'the shot clock in the timer queue' },
    );
    const timerDueAt = await redis.zscore(`${timers}:due`, timer.commandId);
    // The floor folds Alice at the table; the hand does not know yet and takes her raise.
    await gw.accept('table', table, 'MarkPlayerFolded', { playerId: alice, handId: hand });
    const bet = await gw.send(
      'hand',
      hand,
      'PlaceBet',
      { playerId: alice, amount: 30 },
      correlation('bet'),
    );
    const reverted = await gw.waitForEvent('hand', hand, 'BetReverted');
    const timeline = await gw.waitForTimeline(
      correlation('bet'),
      (e) => e.kind === 'compensation.appended',
      'the compensation',
    );
    return {
      bet,
      reverted,
      types: await gw.types('hand', hand),
      table: await gw.state<TableView>('table', table),
      timeline,
      text: await gw.timelineText(correlation('bet')),
      alice,
      hand,
      timer,
      timerDueAt,
    };
  }

  it('bet deduction rejected → BetReverted at the hand, the stack untouched', async () => {
    const r = await result(betReverted);
    expect(r.bet.status).toBe(200);
    const types = withoutConfirmations(r.types);
    expect(types.slice(types.lastIndexOf('BetPlaced'))).toEqual([
      'BetPlaced',
      'ActionRequested',
      'BetReverted',
      'PlayerFolded',
    ]);
    expect(r.reverted).toMatchObject({ amount: 30, reason: 'player_folded' });
    expect(r.table?.seats[r.alice]?.stack).toBe(500);
    expect(
      inOrder(r.timeline, [
        ['command.accepted', 'PlaceBet'],
        ['command.issued', 'DeductFromPlayerStack'],
        ['command.rejected', 'DeductFromPlayerStack', 'player_folded'],
        ['notification.sent', 'DeductFromPlayerStack'],
        ['notification.handled', 'DeductFromPlayerStack'],
      ]),
    ).toBe(true);
    expect(r.timeline.find((e) => e.kind === 'compensation.appended')).toMatchObject({
      domain: 'hand',
      eventTypes: ['BetReverted', 'PlayerFolded'],
    });
    expect(r.text).toMatch(/DeductFromPlayerStack rejected: player_folded/);
    expect(r.timer).toMatchObject({
      commandType: 'ExpireActionTimer',
      saga: 'hand-timers',
      target: { domain: 'hand', root: r.hand },
    });
    expect(Number(r.timerDueAt)).toBe(Date.parse(r.timer.deliverAt));
  });

  // ---- 2. A join the table rejects releases the reserved funds. ----

  async function joinRejected() {
    const [alice, bob, carol, table] = [newRoot(), newRoot(), newRoot(), newRoot()];
    await Promise.all([
      ...[alice, bob, carol].map((p) => gw.register(p, 500)),
      gw.openTable(table, { maxSeats: 2 }),
    ]);
    await gw.seat(table, [
      [alice, 1, 100],
      [bob, 2, 100],
    ]);
    const reserve = await gw.send(
      'player',
      carol,
      'ReserveFunds',
      { tableId: table, seat: 1, amount: 100 },
      correlation('join'),
    );
    const released = await gw.waitForEvent('player', carol, 'FundsReleased');
    return {
      reserve,
      released,
      types: await gw.types('player', carol),
      player: await gw.state<PlayerView>('player', carol),
      timeline: await gw.waitForTimeline(
        correlation('join'),
        (e) => e.kind === 'compensation.appended',
        'the release',
      ),
    };
  }

  it('table join rejected → FundsReleased at the player, the bankroll whole', async () => {
    const r = await result(joinRejected);
    expect(r.reserve.status).toBe(200);
    expect(r.types).toEqual(['PlayerRegistered', 'FundsReserved', 'FundsReleased']);
    expect(r.released).toMatchObject({ amount: 100, reason: 'table_full' });
    expect(r.player?.bankroll).toBe(500);
    expect(
      inOrder(r.timeline, [
        ['command.accepted', 'ReserveFunds'],
        ['command.issued', 'JoinTable'],
        ['command.rejected', 'JoinTable', 'table_full'],
        ['notification.handled', 'JoinTable'],
        ['compensation.appended', 'JoinTable'],
      ]),
    ).toBe(true);
    expect(r.timeline.at(-1)?.eventTypes).toEqual(['FundsReleased']);
  });

  // ---- 3. A reservation refused for lack of money sits the player out. ----

  async function reserveRejected() {
    const [carol, table] = [newRoot(), newRoot()];
    await Promise.all([gw.register(carol, 50), gw.openTable(table)]);
    const request = await gw.send(
      'table',
      table,
      'RequestSeat',
      { playerId: carol, seat: 2, buyIn: 100 },
      correlation('reserve'),
    );
    const satOut = await gw.waitForEvent('table', table, 'PlayerSatOut');
    return {
      request,
      satOut,
      types: await gw.types('table', table),
      player: await gw.state<PlayerView>('player', carol),
      timeline: await gw.waitForTimeline(
        correlation('reserve'),
        (e) => e.kind === 'compensation.appended',
        'the sit-out',
      ),
    };
  }

  it('reserve funds insufficient → PlayerSatOut at the table', async () => {
    const r = await result(reserveRejected);
    expect(r.request.status).toBe(200);
    expect(r.types).toEqual(['TableOpened', 'SeatRequested', 'PlayerSatOut']);
    expect(r.satOut).toMatchObject({ reason: 'insufficient_balance' });
    expect(r.player?.bankroll).toBe(50);
    expect(
      inOrder(r.timeline, [
        ['command.issued', 'ReserveFunds'],
        ['command.rejected', 'ReserveFunds', 'insufficient_balance'],
        ['compensation.appended', 'ReserveFunds'],
      ]),
    ).toBe(true);
    expect(r.timeline.find((e) => e.kind === 'compensation.appended')).toMatchObject({
      domain: 'table',
      eventTypes: ['PlayerSatOut'],
    });
  });

  // ---- 4. A reservation refused for another reason goes to a person. ----

  async function reservationDelegated() {
    const [dave, table] = [newRoot(), newRoot()];
    const correlationId = correlation('suspended');
    await Promise.all([gw.register(dave, 600), gw.openTable(table)]);
    await gw.accept('player', dave, 'SuspendPlayer', { reason: 'chargeback review' });
    const request = await gw.send(
      'table',
      table,
      'RequestSeat',
      { playerId: dave, seat: 2, buyIn: 300 },
      correlationId,
    );
    const letter = await waitFor(
      () => dlq.letters.find((l) => l.headers['correlation-id'] === correlationId),
      { timeoutMs: 30_000, message: 'the dead letter on the DLQ topic' },
    );
    const escalations = await waitFor(
      () => receiver.about(correlationId).length > 0 && receiver.about(correlationId),
      {
        timeoutMs: 30_000,
        message: 'the signed escalation',
      },
    );
    const timeline = await gw.waitForTimeline(
      correlationId,
      (e) => e.kind === 'escalation.delivered',
      'the delivery',
    );
    return {
      request,
      letter,
      escalations,
      timeline,
      types: await gw.types('table', table),
      player: await gw.state<PlayerView>('player', dave),
    };
  }

  it('reserve funds refused for another reason → a dead letter on the DLQ topic and a signed escalation', async () => {
    const r = await result(reservationDelegated);
    expect(r.request.status).toBe(200);
    expect(r.letter.topic).toBe(`${prefix}.table.dlq`);
    expect(r.letter.letter).toMatchObject({ reason: 'player_suspended' });
    expect(r.letter.letter.cover).toMatchObject({ domain: 'table' });
    expect(r.escalations).toHaveLength(1);
    expect(r.escalations[0]?.payload).toMatchObject({
      rejection_reason: 'player_suspended',
      source: { domain: 'table' },
      rejected_command: { domain: 'player', type: 'poker.v1.ReserveFunds' },
      flags: { send_to_dead_letter: true },
    });
    expect(receiver.rejected).toBe(0);
    const delegated = r.timeline.find((e) => e.kind === 'revocation.delegated');
    expect(delegated).toMatchObject({ domain: 'table', reason: 'player_suspended' });
    expect(delegated?.details).toMatchObject({ sendToDeadLetter: true, escalate: true });
    const kinds = r.timeline.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['dead-letter.sent', 'escalation.delivered']));
    expect(r.types).toEqual(['TableOpened', 'SeatRequested']);
    expect(r.player?.bankroll).toBe(600);
  });

  // ---- 5. A player failing verification gets the seat and the buy-in back. ----

  async function verificationFailed() {
    const [carol, table] = [newRoot(), newRoot()];
    await Promise.all([gw.register(carol, 800, true), gw.openTable(table)]);
    const request = await gw.send(
      'table',
      table,
      'RequestSeat',
      { playerId: carol, seat: 4, buyIn: 300 },
      correlation('verify'),
    );
    await gw.waitForEvent('player', carol, 'FundsReleased');
    return {
      request,
      tableTypes: await gw.types('table', table),
      rejected: await gw.last('table', table, 'JoinRejected'),
      playerTypes: await gw.types('player', carol),
      table: await gw.state<TableView>('table', table),
      player: await gw.state<PlayerView>('player', carol),
      timeline: await gw.waitForTimeline(
        correlation('verify'),
        (e) => e.kind === 'command.accepted' && e.commandType === 'ReleaseFunds',
        'the release',
      ),
    };
  }

  it('verification fails → SeatReleased, BuyInRefunded, JoinRejected; the funds released', async () => {
    const r = await result(verificationFailed);
    expect(r.request.status).toBe(200);
    expect(r.tableTypes).toEqual([
      'TableOpened',
      'SeatRequested',
      'PlayerJoined',
      'SeatReleased',
      'BuyInRefunded',
      'JoinRejected',
    ]);
    expect(r.rejected).toMatchObject({ reason: 'kyc_pending' });
    expect(r.playerTypes).toEqual(['PlayerRegistered', 'FundsReserved', 'FundsReleased']);
    expect(r.table?.seats).toEqual({});
    expect(r.player?.bankroll).toBe(800);
    expect(
      inOrder(r.timeline, [
        ['command.issued', 'VerifyPlayer'],
        ['command.rejected', 'VerifyPlayer', 'kyc_pending'],
        ['compensation.appended', 'VerifyPlayer'],
        ['command.accepted', 'ReleaseFunds'],
      ]),
    ).toBe(true);
    expect(r.timeline.find((e) => e.kind === 'compensation.appended')?.eventTypes).toEqual([
      'SeatReleased',
      'BuyInRefunded',
      'JoinRejected',
    ]);
  });

  // ---- The hand's own failures: an illegal bet, a disconnection, a shot clock running out. ----

  async function invalidBet() {
    const { alice, hand } = await dealtHand();
    const bet = await gw.send(
      'hand',
      hand,
      'PlaceBet',
      { playerId: alice, amount: 13 },
      correlation('illegal'),
    );
    return {
      bet,
      prompt: (await gw.history('hand', hand)).at(-1)?.event,
      hand: await gw.state<HandView>('hand', hand),
      alice,
      timeline: await gw.timeline(correlation('illegal')),
    };
  }

  it('invalid bet amount → rejected, and the player is prompted to retry the same action', async () => {
    const r = await result(invalidBet);
    expect(r.bet).toMatchObject({ status: 409, body: { reason: 'invalid_bet_amount' } });
    expect(r.prompt).toMatchObject({
      '@type': 'type.googleapis.com/poker.v1.ActionRequested',
      actionNumber: 1,
      toCall: 10,
      retryReason: 'invalid_bet_amount',
    });
    expect(r.hand?.action).toMatchObject({ playerId: r.alice, actionNumber: 1 });
    expect(r.timeline.map((e) => `${e.kind} ${e.commandType}`)).toEqual([
      'command.rejected PlaceBet',
      'command.accepted RequestActionRetry',
    ]);
  });

  async function playerDisconnected() {
    const { alice, bob, table, hand } = await dealtHand();
    const answer = await gw.send(
      'hand',
      hand,
      'DisconnectPlayer',
      { playerId: alice },
      correlation('gone'),
    );
    await waitFor(
      async () => (await gw.state<TableView>('table', table))?.hand?.folded.includes(alice),
      { timeoutMs: 30_000, message: 'the fold at the table' },
    );
    return {
      answer,
      types: await gw.types('hand', hand),
      folded: await gw.last('hand', hand, 'PlayerFolded'),
      hand: await gw.state<HandView>('hand', hand),
      bob,
    };
  }

  it('player disconnects on their turn → folded, and the action moves to the next player', async () => {
    const r = await result(playerDisconnected);
    expect(r.answer.status).toBe(200);
    expect(withoutConfirmations(r.types).slice(-2)).toEqual(['PlayerFolded', 'ActionRequested']);
    expect(r.folded).toMatchObject({ reason: 'disconnected' });
    expect(r.hand?.action).toMatchObject({ playerId: r.bob, actionNumber: 2 });
  });

  async function actionTimeout() {
    // A one-second shot clock and nobody acting: Alice folds, then Bob, and Carol wins the blinds.
    const { alice, bob, carol, table, hand } = await dealtHand(
      { actionTimeoutSeconds: 1 },
      correlation('timeout'),
    );
    await gw.waitForEvent('hand', hand, 'HandEnded');
    await waitFor(async () => (await gw.state<TableView>('table', table))?.hand === null, {
      timeoutMs: 30_000,
      message: 'the table to finish the hand',
    });
    return {
      folds: (await gw.history('hand', hand))
        .filter((e) => e.event['@type'].endsWith('.PlayerFolded'))
        .map((e) => e.event),
      table: await gw.state<TableView>('table', table),
      timeline: await gw.timeline(correlation('timeout')),
      alice,
      bob,
      carol,
    };
  }

  it('action timer expired → auto-fold, fired by the durable timers in Redis', async () => {
    const r = await result(actionTimeout);
    expect(r.folds).toEqual([
      expect.objectContaining({ reason: 'timeout' }),
      expect.objectContaining({ reason: 'timeout' }),
    ]);
    const stacks = Object.fromEntries(
      Object.entries(r.table?.seats ?? {}).map(([player, seat]) => [player, seat.stack]),
    );
    expect(stacks).toEqual({ [r.alice]: 500, [r.bob]: 495, [r.carol]: 505 });
    const fired = r.timeline.filter(
      (e) => e.kind === 'command.accepted' && e.commandType === 'ExpireActionTimer',
    );
    expect(fired.map((e) => e.eventTypes?.[0])).toEqual(['PlayerFolded', 'PlayerFolded']);
    expect(r.timeline.some((e) => e.summary.includes('issued ExpireActionTimer'))).toBe(true);
  });

  // ---- The table's own failures: closing mid-hand, a player short of the blind. ----

  async function tableClosed() {
    const { alice, bob, carol, table, hand } = await dealtHand();
    const players = [alice, bob, carol];
    await gw.accept('hand', hand, 'PlaceBet', { playerId: alice, amount: 50 });
    // Her raise and both blinds are taken from the stacks when the floor closes the table.
    await gw.waitForState<TableView>(
      'table',
      table,
      (t) =>
        t?.seats[alice]?.stack === 450 &&
        t.seats[bob]?.stack === 495 &&
        t.seats[carol]?.stack === 490,
      'the raise and the blinds taken',
    );
    const close = await gw.send(
      'table',
      table,
      'CloseTable',
      { reason: 'closing time' },
      correlation('closed'),
    );
    // The abort refunds the pots, the hand ends, the table cashes everybody out to the bankroll.
    await gw.waitForEvent('hand', hand, 'HandEnded');
    await gw.waitForState<TableView>(
      'table',
      table,
      (t) => t?.status === 'closed' && Object.keys(t.seats).length === 0,
      'every seat cashed out',
    );
    await Promise.all(players.map((p) => gw.waitForEvent('player', p, 'WinningsCredited')));
    const tableEvents = await gw.history('table', table);
    return {
      close,
      types: await gw.types('hand', hand),
      closed: await gw.last('hand', hand, 'BettingClosed'),
      refunded: await gw.last('hand', hand, 'PotsRefunded'),
      ended: await gw.last('hand', hand, 'HandEnded'),
      credits: eventsOf(tableEvents, 'StackCredited'),
      cashOuts: eventsOf(tableEvents, 'PlayerLeft'),
      tableTypes: tableEvents.map((e) => shortType(e.event)),
      table: await gw.state<TableView>('table', table),
      players: await Promise.all(
        players.map(async (p) => ({
          types: await gw.types('player', p),
          bankroll: (await gw.state<PlayerView>('player', p))?.bankroll,
        })),
      ),
      timeline: await gw.waitForTimeline(
        correlation('closed'),
        (e) => e.kind === 'command.accepted' && e.commandType === 'AbortHand',
        'the abort',
      ),
      alice,
      bob,
      carol,
    };
  }

  it('table closed mid-hand → BettingClosed, PotsRefunded, HandEnded; every bankroll whole again', async () => {
    const r = await result(tableClosed);
    expect(r.close.status).toBe(200);
    expect(withoutConfirmations(r.types).slice(-3)).toEqual([
      'BettingClosed',
      'PotsRefunded',
      'HandEnded',
    ]);
    expect(r.closed).toMatchObject({ settlement: 'SETTLEMENT_REFUND', reason: 'table_closed' });
    expect(r.ended).toMatchObject({ reason: 'table_closed' });
    // Every contribution goes back: Alice's raise, Bob's small blind, Carol's big blind.
    const [alice, bob, carol] = [idJson(r.alice), idJson(r.bob), idJson(r.carol)];
    expect(r.refunded).toMatchObject({ reason: 'table_closed' });
    expect(amountsBy((r.refunded?.refunds ?? []) as Amount[])).toEqual({
      [alice]: 50,
      [bob]: 5,
      [carol]: 10,
    });
    // The refunds reach the stacks before the hand finishes; the closed table then cashes out.
    expect(amountsBy(r.credits)).toEqual({ [alice]: 50, [bob]: 5, [carol]: 10 });
    expect(r.credits.every((c) => c.reason === 'refund')).toBe(true);
    expect(r.tableTypes.slice(r.tableTypes.indexOf('TableClosed'))).toEqual([
      'TableClosed',
      'StackCredited',
      'StackCredited',
      'StackCredited',
      'HandFinished',
      'PlayerLeft',
      'PlayerLeft',
      'PlayerLeft',
    ]);
    expect(amountsBy(r.cashOuts, 'cashOut')).toEqual({ [alice]: 500, [bob]: 500, [carol]: 500 });
    expect(r.table).toMatchObject({ status: 'closed', seats: {}, hand: null });
    for (const player of r.players) {
      expect(player.types.at(-1)).toBe('WinningsCredited');
      expect(player.bankroll).toBe(1000);
    }
    expect(
      inOrder(r.timeline, [
        ['command.accepted', 'CloseTable'],
        ['command.issued', 'AbortHand'],
        ['command.accepted', 'AbortHand'],
      ]),
    ).toBe(true);
  });

  async function shortOfBlind() {
    const [alice, bob, carol, table, hand, nextHand] = [
      newRoot(),
      newRoot(),
      newRoot(),
      newRoot(),
      newRoot(),
      newRoot(),
    ];
    await Promise.all([
      ...[alice, bob, carol].map((p) => gw.register(p, 1000)),
      gw.openTable(table),
    ]);
    await gw.seat(table, [
      [alice, 1, 10],
      [bob, 2, 500],
    ]);
    // Heads-up, Alice on the button posts the small blind, acts first and folds: 5 chips left.
    await gw.deal(table, hand);
    await gw.fold(hand, alice);
    await gw.waitForState<TableView>(
      'table',
      table,
      (t) => t?.hand === null && t.seats[alice]?.stack === 5 && t.seats[bob]?.stack === 505,
      'the first hand finished',
    );
    await gw.seat(table, [[carol, 3, 500]]);
    // The button moves to Bob: Carol owes the small blind, Alice the big one, which she cannot pay.
    await gw.deal(table, nextHand, correlation('short'));
    const satOut = await gw.waitForEvent('table', table, 'PlayerSatOut');
    // Both blinds taken from the stacks at the table.
    await waitFor(
      async () =>
        (await gw.types('hand', nextHand)).filter((t) => t === 'StackDeductionConfirmed').length ===
        2,
      { timeoutMs: 30_000, message: 'the blinds confirmed to the hand' },
    );
    return {
      events: (await gw.history('hand', nextHand)).map((e) => e.event),
      satOut,
      table: await gw.state<TableView>('table', table),
      timeline: await gw.waitForTimeline(
        correlation('short'),
        (e) => e.kind === 'command.accepted' && e.commandType === 'SitOutAtTable',
        'the sit-out at the table',
      ),
      alice,
      bob,
      carol,
    };
  }

  it('player short of the big blind → PlayerSatOutOfHand, blinds from the next players, PlayerSatOut at the table', async () => {
    const r = await result(shortOfBlind);
    const [alice, bob, carol] = [idJson(r.alice), idJson(r.bob), idJson(r.carol)];
    expect(
      r.events.slice(0, 5).map((e) => [shortType(e), e.playerId, e.reason ?? e.amount]),
    ).toEqual([
      ['HandStarted', undefined, undefined],
      ['PlayerSatOutOfHand', alice, SHORT_OF_BLIND],
      ['BlindPosted', bob, 5],
      ['BlindPosted', carol, 10],
      ['ActionRequested', bob, undefined],
    ]);
    // The table dealt her in (she has chips); only the hand knew she could not pay.
    expect((r.events[0]?.seats as { playerId: string }[]).map((s) => s.playerId)).toEqual([
      alice,
      bob,
      carol,
    ]);
    expect(r.satOut).toMatchObject({ playerId: alice, reason: SHORT_OF_BLIND });
    expect(r.table?.seats[r.alice]).toMatchObject({ sittingOut: true, stack: 5 });
    expect(r.table?.seats[r.bob]).toMatchObject({ sittingOut: false, stack: 500 });
    expect(r.table?.seats[r.carol]).toMatchObject({ sittingOut: false, stack: 490 });
    expect(
      inOrder(r.timeline, [
        ['command.accepted', 'DealHand'],
        ['command.issued', 'StartHand'],
        ['command.accepted', 'StartHand'],
        ['command.issued', 'SitOutAtTable'],
        ['command.accepted', 'SitOutAtTable'],
      ]),
    ).toBe(true);
    expect(
      r.timeline.find((e) => e.kind === 'command.accepted' && e.commandType === 'SitOutAtTable'),
    ).toMatchObject({ domain: 'table', eventTypes: ['PlayerSatOut'] });
  });
});

interface TableView {
  status: string;
  seats: Record<string, { stack: number; status: string; sittingOut: boolean }>;
  hand: { folded: string[] } | null;
}
interface PlayerView {
  bankroll: number;
}
interface HandView {
  action: { playerId: string; actionNumber: number } | null;
}

/**
 * The hand's events without the table's confirmations of deductions (blinds, bets): those arrive
 * from the table whenever it gets to them, interleaved with the hand's own events.
 */
function withoutConfirmations(types: readonly string[]): string[] {
  return types.filter((t) => t !== 'StackDeductionConfirmed');
}

/** The short type name of an event (`poker.v1.PlayerLeft` → `PlayerLeft`). */
function shortType(event: HistoryEntry['event']): string {
  return event['@type'].replace(/^.*\./, '');
}

/** The events of `type` in a history. */
function eventsOf(history: readonly HistoryEntry[], type: string): HistoryEntry['event'][] {
  return history.map((e) => e.event).filter((e) => shortType(e) === type);
}

/** A player's amount in an event or a refund; ids as the history renders them. */
type Amount = { readonly playerId?: unknown; readonly [field: string]: unknown };

/** Amounts by player, summed (a player credited twice shows the total). */
function amountsBy(items: readonly Amount[], field = 'amount'): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const item of items) {
    const player = String(item.playerId);
    sums[player] = (sums[player] ?? 0) + Number(item[field]);
  }
  return sums;
}

/** Whether the timeline holds entries matching `steps` (kind, command type, reason), in this order. */
function inOrder(
  timeline: readonly TimelineEntry[],
  steps: readonly (readonly [string, string, string?])[],
): boolean {
  let at = 0;
  for (const [kind, commandType, reason] of steps) {
    const found = timeline.findIndex(
      (e, i) =>
        i >= at &&
        e.kind === kind &&
        e.commandType === commandType &&
        (reason === undefined || e.reason === reason),
    );
    if (found === -1) return false;
    at = found + 1;
  }
  return true;
}
