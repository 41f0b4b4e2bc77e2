import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import {
  FundsReleasedSchema,
  POKER_FILES,
  RegisterPlayerSchema,
  ReserveFundsSchema,
} from '@poker/contracts';
import { isInvalidUndoRequestError } from '../../errors/invalid-undo-request.error';
import { CoverSchema, NotificationSchema } from '../../gen/sagakit/v1/envelope_pb';
import { CompensateSchema, NoOpSchema, RevocationSchema } from '../../gen/sagakit/v1/failure_pb';
import { newRoot, rootToString, uuidToBytes } from '../../messaging/ids';
import { shortTypeName, typeNameOf } from '../../messaging/type-registry';
import { TableFixture, WalletFixture, WalletTableSagaFixture } from '../../testing/fixtures';
import { createHarness, type Harness } from '../../testing/harness';
import { applyReadTimeTransforms } from '../aggregate/read-time-transforms';
import { buildCommandBook } from '../envelope/command-book';
import { commandMessage, notificationMessage } from '../envelope/outgoing-messages';
import { toWireSequence } from '../envelope/sequence';

const AMOUNTS = [10, 20, 30, 40, 50, 60];

/** A wallet whose stream is PlayerRegistered@0, then FundsReserved@1..6 (10, 20, ... 60). */
async function walletWithReservations(
  h: Harness,
  count = AMOUNTS.length,
  tables = AMOUNTS.slice(0, count).map(() => newRoot()),
) {
  const wallet = rootToString(newRoot());
  await h.send({
    domain: 'player',
    root: wallet,
    command: create(RegisterPlayerSchema, { name: 'W', bankroll: 1000 }),
  });
  for (const [i, table] of tables.slice(0, count).entries()) {
    await h.send({
      domain: 'player',
      root: wallet,
      command: create(ReserveFundsSchema, { tableId: table, amount: AMOUNTS[i]!, seat: i }),
    });
  }
  return { wallet, tables };
}

const typeAt = (h: Harness) => async (root: string) =>
  (await h.pages('player', root)).map((p) => shortTypeName(p.event?.typeUrl ?? ''));

describe('undo: Revocation and Compensate', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ aggregates: [new WalletFixture()], registryFiles: POKER_FILES });
  });

  afterEach(async () => {
    await h.stop();
  });

  it('revocation of events 5 and 6 rebuilds the state as if they never happened', async () => {
    const { wallet, tables } = await walletWithReservations(h);
    const result = await h.runtime.undo.revoke({
      domain: 'player',
      root: wallet,
      sequences: [5, 6],
      reason: 'reserved twice by a retrying client',
      correlationId: 'ops-1',
    });
    expect(result).toMatchObject({ status: 'appended', appended: [7] });

    // The same wallet with only the first four reservations, for comparison.
    const { wallet: twin } = await walletWithReservations(h, 4, tables);
    expect(await h.state('player', wallet)).toEqual(await h.state('player', twin));
    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 900 });

    // Both events and the marker read as NoOp, with the original sequence and the reason.
    const view = applyReadTimeTransforms(await h.pages('player', wallet));
    const noOps = view.pages.filter((p) => typeNameOf(p.event!.typeUrl) === NoOpSchema.typeName);
    expect(noOps.map((p) => h.registry.unpackAs(p.event!, NoOpSchema))).toEqual(
      [5, 6, 7].map((s) =>
        create(NoOpSchema, {
          originalSequence: toWireSequence(s),
          reason: 'reserved twice by a retrying client',
        }),
      ),
    );

    // History still shows them, as revoked, with the reason and the marker.
    const history = await h.runtime.undo.history('player', wallet);
    expect(history.slice(4).map((e) => [e.sequence, e.status, e.reason, e.undoneBy])).toEqual([
      [4, 'active', undefined, undefined],
      [5, 'revoked', 'reserved twice by a retrying client', 7],
      [6, 'revoked', 'reserved twice by a retrying client', 7],
      [7, 'marker', 'reserved twice by a retrying client', undefined],
    ]);
    expect(history[5]?.event).toMatchObject({ amount: 50 });
    expect((await h.timeline('ops-1')).map((e) => [e.kind, e.sequences, e.reason])).toEqual([
      ['undo.revoked', [5, 6], 'reserved twice by a retrying client'],
    ]);
  });

  it('rejects invalid requests with the reason and appends nothing', async () => {
    const { wallet } = await walletWithReservations(h);
    await h.runtime.undo.revoke({ domain: 'player', root: wallet, sequences: [5], reason: 'r' });
    const before = (await h.pages('player', wallet)).length;

    const refusal = async (kind: 'revoke' | 'compensate', sequences: number[]) => {
      const error: unknown = await h.runtime.undo[kind]({
        domain: 'player',
        root: wallet,
        sequences,
        reason: 'test',
      }).catch((e: unknown) => e);
      expect(isInvalidUndoRequestError(error)).toBe(true);
      return (error as Error).message;
    };
    expect(await refusal('revoke', [42])).toMatch(
      /sequence 42 does not exist \(the stream's next sequence is 8\)/,
    );
    expect(await refusal('revoke', [7])).toMatch(/sequence 7 is a Revocation marker/);
    expect(await refusal('revoke', [5])).toMatch(
      /sequence 5 \(FundsReserved\) is already revoked by the marker at 7: r/,
    );
    expect(await refusal('compensate', [5])).toMatch(
      /sequence 5 \(FundsReserved\) is already revoked/,
    );
    expect(await refusal('compensate', [0])).toMatch(
      /sequence 0 \(PlayerRegistered\) has no @Compensate\('PlayerRegistered'\) handler on WalletFixture/,
    );
    expect(await refusal('revoke', [])).toMatch(/name at least one sequence/);
    expect(await refusal('revoke', [3, 3])).toMatch(/sequence 3 is named twice/);
    // All problems of one request are reported together.
    const both = await refusal('compensate', [0, 42]);
    expect(both).toMatch(/sequence 0 .* no @Compensate/);
    expect(both).toMatch(/sequence 42 does not exist/);
    expect(await h.pages('player', wallet)).toHaveLength(before);
  });

  it('compensate of event 5 keeps it visible and appends its inverse, once on redelivery', async () => {
    const { wallet, tables } = await walletWithReservations(h);
    const request = {
      domain: 'player',
      root: wallet,
      sequences: [5],
      reason: 'table closed before the hand',
      requestId: 'ops-compensate-1',
    };
    expect(await h.runtime.undo.compensate(request)).toMatchObject({
      status: 'appended',
      appended: [7, 8],
    });
    expect(await h.runtime.undo.compensate(request)).toEqual({
      status: 'duplicate',
      requestId: 'ops-compensate-1',
      appended: [7, 8],
    });

    expect(await typeAt(h)(wallet)).toEqual([
      'PlayerRegistered',
      ...AMOUNTS.map(() => 'FundsReserved'),
      'Compensate',
      'FundsReleased',
    ]);
    expect((await h.history('player', wallet))[8]).toEqual(
      create(FundsReleasedSchema, {
        tableId: tables[4],
        amount: 50,
        reason: 'table closed before the hand',
      }),
    );
    // The original still counts in the state; its inverse gives the chips back.
    const view = applyReadTimeTransforms(await h.pages('player', wallet));
    expect(typeNameOf(view.pages[5]!.event!.typeUrl)).toBe('poker.v1.FundsReserved');
    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 1000 - 210 + 50 });
    const history = await h.runtime.undo.history('player', wallet);
    expect(history[5]).toMatchObject({ status: 'compensated', undoneBy: 7 });
    const audit = await h.timeline('ops-compensate-1');
    expect(audit).toEqual([
      expect.objectContaining({
        kind: 'undo.compensated',
        sequences: [5],
        details: expect.objectContaining({ inverseEvents: 'FundsReleased', marker: 7 }) as unknown,
      }),
    ]);

    // A second compensation, or a revocation that would leave the inverse, is refused.
    await expect(h.runtime.undo.compensate({ ...request, requestId: 'another' })).rejects.toThrow(
      /already compensated by the marker at 7/,
    );
    await expect(h.runtime.undo.revoke({ ...request, requestId: 'another' })).rejects.toThrow(
      /revoking it would leave its inverse events/,
    );
  });

  it('carries out a Revocation notification once, however often it is delivered', async () => {
    const { wallet } = await walletWithReservations(h);
    const cover = create(CoverSchema, {
      domain: 'player',
      root: uuidToBytes(wallet),
      correlationId: 'ops-2',
    });
    const n = create(NotificationSchema, {
      cover,
      notificationId: 'revoke-request-1',
      payload: anyPack(
        RevocationSchema,
        create(RevocationSchema, { sequences: [2n, 3n], reason: 'operator' }),
      ),
    });
    const message = notificationMessage(n, h.topics.notifications('player'), cover, 'ops');
    await h.transport.publish([message, message]);
    await h.waitForIdle();

    expect((await typeAt(h)(wallet)).slice(7)).toEqual(['Revocation']);
    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 1000 - 210 + 50 });
    expect((await h.timeline('ops-2')).map((e) => e.kind)).toEqual(['undo.revoked']);
    expect(h.deadLetters('player')).toEqual([]);
  });

  it('dead-letters a Compensate notification it must refuse, without holding the aggregate up', async () => {
    const { wallet } = await walletWithReservations(h, 1);
    const cover = create(CoverSchema, {
      domain: 'player',
      root: uuidToBytes(wallet),
      correlationId: 'ops-3',
    });
    // PlayerRegistered@0 has no @Compensate handler: a replay could never carry it out.
    const n = create(NotificationSchema, {
      cover,
      notificationId: 'compensate-request-1',
      payload: anyPack(
        CompensateSchema,
        create(CompensateSchema, { sequences: [0n], reason: 'operator' }),
      ),
    });
    await h.transport.publish([
      notificationMessage(n, h.topics.notifications('player'), cover, 'ops'),
    ]);
    await h.waitForIdle();

    const letters = h.deadLetters('player');
    expect(letters.map((l) => l.reason)).toEqual(['invalid_undo_request']);
    expect(letters[0]?.error?.message).toMatch(
      /sequence 0 \(PlayerRegistered\) has no @Compensate/,
    );
    expect(await h.runtime.parking?.parked('player', wallet)).toEqual([]);
    // The wallet's next command, delivered like the request, is handled, not parked behind it.
    const next = buildCommandBook(h.registry, {
      domain: 'player',
      root: wallet,
      command: create(ReserveFundsSchema, { tableId: newRoot(), amount: 5, seat: 9 }),
    });
    await h.transport.publish([commandMessage(h.topics, next)]);
    await h.waitForIdle();
    expect(await typeAt(h)(wallet)).toEqual(['PlayerRegistered', 'FundsReserved', 'FundsReserved']);
  });
});

describe('undo answers of @Rejected handlers', () => {
  let h: Harness;

  afterEach(async () => {
    await h.stop();
  });

  async function refusedJoin(mode: 'revoke' | 'compensate') {
    h = await createHarness({
      aggregates: [new WalletFixture(mode), TableFixture],
      sagas: [new WalletTableSagaFixture()],
      registryFiles: POKER_FILES,
    });
    const wallet = rootToString(newRoot());
    await h.send({
      domain: 'player',
      root: wallet,
      command: create(RegisterPlayerSchema, { name: 'W', bankroll: 500 }),
    });
    // The table was never opened: it refuses the join.
    await h.send({
      domain: 'player',
      root: wallet,
      command: create(ReserveFundsSchema, { tableId: newRoot(), amount: 200, seat: 1 }),
      correlationId: `join-${mode}`,
    });
    await h.waitForIdle();
    return wallet;
  }

  it('revoke(...) hides the reservation the refused join was for', async () => {
    const wallet = await refusedJoin('revoke');
    expect(await typeAt(h)(wallet)).toEqual(['PlayerRegistered', 'FundsReserved', 'Revocation']);
    expect(await h.state('player', wallet)).toEqual({ bankroll: 500, reserved: {} });
    const history = await h.runtime.undo.history('player', wallet);
    expect(history[1]).toMatchObject({ status: 'revoked', reason: 'table_not_open' });
    const kinds = (await h.timeline('join-revoke')).map((e) => e.kind);
    expect(kinds.slice(-3)).toEqual([
      'notification.handled',
      'compensation.appended',
      'undo.revoked',
    ]);
  });

  it('compensate(...) appends the inverse through @Compensate', async () => {
    const wallet = await refusedJoin('compensate');
    expect(await typeAt(h)(wallet)).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'Compensate',
      'FundsReleased',
    ]);
    expect(await h.state('player', wallet)).toEqual({ bankroll: 500, reserved: {} });
    const undo = (await h.timeline('join-compensate')).filter((e) => e.kind === 'undo.compensated');
    expect(undo).toEqual([expect.objectContaining({ sequences: [1], reason: 'table_not_open' })]);
  });
});
