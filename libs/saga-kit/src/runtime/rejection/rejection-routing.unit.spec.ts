import { create } from '@bufbuild/protobuf';
import {
  AbortHandSchema,
  BuyInRefundedSchema,
  FoldSchema,
  FundsReleasedSchema,
  JoinRejectedSchema,
  OpenTableSchema,
  PlaceBetSchema,
  RegisterPlayerSchema,
  ReserveFundsSchema,
  SeatReleasedSchema,
  SelfExcludeSchema,
} from '@poker/contracts';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { newRoot, rootToString, uuidToBytes } from '../../messaging/ids';
import type { Harness } from '../../testing/harness';
import { foldAtTableOnly, pokerWorld, seatedHand } from '../../testing/fixtures';
import { RevocationResponseSchema, type RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import type { RejectionContext } from '../definition/handler-types';
import type { FailurePolicyExecutor } from './failure-policy-executor';

/** Records what the framework was asked to do. */
class RecordingPolicy implements FailurePolicyExecutor {
  readonly executed: { response: RevocationResponse; rejection: RejectionContext }[] = [];
  execute(response: RevocationResponse, rejection: RejectionContext): Promise<void> {
    this.executed.push({ response, rejection });
    return Promise.resolve();
  }
}

const types = (events: { $typeName: string }[]) =>
  events.map((e) => e.$typeName.replace('poker.v1.', ''));

describe('rejection routing to @Rejected handlers', () => {
  let h: Harness;
  let policy: RecordingPolicy;

  beforeEach(async () => {
    policy = new RecordingPolicy();
    h = (await pokerWorld({ failurePolicy: policy })).harness;
  });

  afterEach(async () => {
    await h.stop();
  });

  async function openTable(): Promise<string> {
    const table = rootToString(newRoot());
    await h.send({
      domain: 'table',
      root: table,
      command: create(OpenTableSchema, { name: 'T', maxSeats: 6 }),
    });
    return table;
  }

  async function registeredPlayer(): Promise<string> {
    const player = rootToString(newRoot());
    await h.send({
      domain: 'player',
      root: player,
      command: create(RegisterPlayerSchema, { name: 'P', bankroll: 1000 }),
    });
    return player;
  }

  it('JoinTable rejected: the player releases the amount reserved for that table, read from its state', async () => {
    // A table that was never opened refuses the join.
    const table = rootToString(newRoot());
    const player = await registeredPlayer();
    await h.send({
      domain: 'player',
      root: player,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 300, seat: 4 }),
      correlationId: 'join-1',
    });
    await h.waitForIdle();

    const history = await h.history('player', player);
    expect(types(history)).toEqual(['PlayerRegistered', 'FundsReserved', 'FundsReleased']);
    expect(history[2]).toEqual(
      create(FundsReleasedSchema, {
        tableId: uuidToBytes(table),
        amount: 300,
        reason: 'table_not_open',
      }),
    );
    const state = await h.state<{ bankroll: number; reserved: Record<string, number> }>(
      'player',
      player,
    );
    expect(state).toMatchObject({ bankroll: 1000, reserved: {} });
    const kinds = (await h.timeline('join-1')).map((e) => `${e.kind}@${e.domain}`);
    expect(kinds).toEqual([
      'command.accepted@player',
      'command.issued@player',
      'command.rejected@table',
      'notification.sent@table',
      'notification.handled@player',
      'compensation.appended@player',
    ]);
  });

  it('VerifyPlayer rejected: the table appends SeatReleased, BuyInRefunded, JoinRejected at consecutive sequences', async () => {
    const table = await openTable();
    const player = await registeredPlayer();
    await h.send({
      domain: 'player',
      root: player,
      command: create(SelfExcludeSchema, {
        until: timestampFromDate(new Date('2030-01-01T00:00:00Z')),
      }),
    });
    await h.send({
      domain: 'player',
      root: player,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 200, seat: 2 }),
      correlationId: 'join-2',
    });
    await h.waitForIdle();

    const pages = await h.pages('table', table);
    expect(pages.map((p) => [Number(p.sequence), p.event?.typeUrl.split('.').pop()])).toEqual([
      [0, 'TableOpened'],
      [1, 'PlayerJoined'],
      [2, 'SeatReleased'],
      [3, 'BuyInRefunded'],
      [4, 'JoinRejected'],
    ]);
    const history = await h.history('table', table);
    expect(history.slice(2)).toEqual([
      create(SeatReleasedSchema, {
        playerId: uuidToBytes(player),
        seat: 2,
        reason: 'self_excluded',
      }),
      create(BuyInRefundedSchema, {
        playerId: uuidToBytes(player),
        amount: 200,
        reason: 'self_excluded',
      }),
      create(JoinRejectedSchema, { playerId: uuidToBytes(player), reason: 'self_excluded' }),
    ]);
    // One causation for the three: the notification they answer.
    expect(new Set(pages.slice(2).map((p) => p.causationId)).size).toBe(1);
    const compensation = (await h.timeline('join-2')).find(
      (e) => e.kind === 'compensation.appended',
    );
    expect(compensation).toMatchObject({ domain: 'table', sequences: [2, 3, 4] });
  });

  it('runs only the handler of the rejected (domain, command): a refused fold is delegated, not reverted', async () => {
    const seated = await seatedHand(h);
    // A player the table never seated folds: the table refuses to mark the fold.
    const stranger = newRoot();
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(FoldSchema, { playerId: stranger }),
      correlationId: 'fold-1',
    });
    await h.waitForIdle();

    expect(types(await h.history('hand', seated.hand))).toEqual(['HandStarted', 'PlayerFolded']);
    expect(policy.executed).toHaveLength(1);
    expect(policy.executed[0]?.response).toEqual(
      create(RevocationResponseSchema, {
        reason: 'table out of sync: player_not_seated',
        escalate: true,
      }),
    );
    expect(policy.executed[0]?.rejection).toMatchObject({
      commandType: 'MarkPlayerFolded',
      reason: 'player_not_seated',
      saga: 'hand-table',
      sourceSequence: 1,
      correlationId: 'fold-1',
      issuer: { name: 'table', type: 'aggregate' },
    });
    const delegated = (await h.timeline('fold-1')).filter((e) => e.kind === 'revocation.delegated');
    expect(delegated).toEqual([
      expect.objectContaining({
        reason: 'table out of sync: player_not_seated',
        details: expect.objectContaining({
          handler: 'HandFixture.onMarkFoldedRejected',
          escalate: true,
        }) as unknown,
      }),
    ]);

    // And the other handler still answers its own rejection only.
    await foldAtTableOnly(h, seated);
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 5 }),
    });
    await h.waitForIdle();
    expect(types(await h.history('hand', seated.hand))).toEqual([
      'HandStarted',
      'PlayerFolded',
      'BetPlaced',
      'BetReverted',
    ]);
    expect(policy.executed).toHaveLength(1);
  });

  it('passes the fallback response when no @Rejected handler exists, and records it', async () => {
    const seated = await seatedHand(h);
    // Aborting refunds both bets; the refund to a player the table never seated is refused,
    // and the hand has no handler for rejected CreditPlayerStack commands.
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(seated.player), amount: 10 }),
    });
    const stranger = rootToString(newRoot());
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(stranger), amount: 7 }),
    });
    await h.waitForIdle();
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(AbortHandSchema, { reason: 'table_closed' }),
      correlationId: 'abort-1',
    });
    await h.waitForIdle();

    const expected = 'no @Rejected handler for table/CreditPlayerStack on hand';
    const fallbacks = policy.executed.filter(
      (x) => x.rejection.commandType === 'CreditPlayerStack',
    );
    expect(fallbacks.map((x) => x.response)).toEqual([
      create(RevocationResponseSchema, { emitSystemRevocation: true, reason: expected }),
    ]);
    const timeline = await h.timeline('abort-1');
    expect(timeline.filter((e) => e.kind === 'revocation.delegated')).toEqual([
      expect.objectContaining({
        reason: expected,
        details: expect.objectContaining({ handler: 'fallback' }) as unknown,
      }),
    ]);
    expect(timeline.filter((e) => e.kind === 'notification.handled')).toEqual([
      expect.objectContaining({ details: { result: 'fallback', handler: 'fallback' } }),
    ]);
    // The refund to the seated player went through: two commands, told apart by index.
    const issued = timeline.filter((e) => e.kind === 'command.issued');
    expect(issued).toHaveLength(2);
  });
});
