import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import {
  FundsReservedSchema,
  JoinTableSchema,
  PlayerRegisteredSchema,
  POKER_FILES,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryAuditLog } from '../../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import {
  CommandBookSchema,
  CommandOutcomeSchema,
  CoverSchema,
  NotificationSchema,
  RejectionNotificationSchema,
  ReturnAddressSchema,
  type Notification,
} from '../../gen/sagakit/v1/envelope_pb';
import { newRoot, rootToString } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, TypeRegistry } from '../../messaging/type-registry';
import { PlayerFixture, type PlayerState } from '../../testing/fixtures';
import { buildPages } from '../aggregate/event-pages';
import { AuditRecorder } from '../audit/audit-recorder';
import { aggregateDefinitionOf } from '../definition/definition-of-instance';
import { packMessage } from '../envelope/pack';
import { sagaCommandId } from '../saga/stamp-commands';
import { RecordOnlyFailurePolicy } from './failure-policy-executor';
import { DEFAULT_FALLBACK_RESPONSE } from './fallback-response';
import { RejectionRouter } from './rejection-router';

const registry = new TypeRegistry(...POKER_FILES);
const topics = new Topics();

function setup(instance: object = new PlayerFixture()) {
  const store = new MemoryEventStore();
  const audit = new MemoryAuditLog();
  const clock = new ManualClock();
  const router = new RejectionRouter<PlayerState>(
    {
      definition: aggregateDefinitionOf<PlayerState>(instance),
      store,
      registry,
      topics,
      clock,
      audit: new AuditRecorder(audit, clock),
      logger: pino({ level: 'silent' }),
    },
    { failurePolicy: new RecordOnlyFailurePolicy(), fallback: DEFAULT_FALLBACK_RESPONSE },
  );
  return { router, store, audit };
}

/** A table's rejection of the JoinTable a player's saga issued, as it arrives at the player. */
function joinRejected(
  player: Uint8Array,
  table: Uint8Array,
  id = 'n-1',
  sourceSequence = 0,
): Notification {
  const source = create(CoverSchema, { domain: 'player', root: player, correlationId: 'flow' });
  const book = create(CommandBookSchema, {
    cover: create(CoverSchema, { domain: 'table', root: table, correlationId: 'flow' }),
    command: packMessage(
      registry,
      create(JoinTableSchema, { playerId: player, seat: 1, buyIn: 100 }),
    ),
    commandId: sagaCommandId(
      'player-table',
      { domain: 'player', root: rootToString(player) },
      sourceSequence,
      0,
    ),
    returnAddress: create(ReturnAddressSchema, {
      source,
      sourceSequence: BigInt(sourceSequence),
      saga: 'player-table',
      replyTopic: topics.notifications('player'),
    }),
  });
  const rejection = create(RejectionNotificationSchema, {
    rejectedCommand: book,
    rejectionReason: 'table_not_open',
    issuerName: 'table',
    issuerType: 'aggregate',
  });
  return create(NotificationSchema, {
    cover: source,
    payload: anyPack(RejectionNotificationSchema, rejection),
    notificationId: id,
  });
}

async function seed(
  store: MemoryEventStore,
  player: Uint8Array,
  ...events: Parameters<typeof buildPages>[1]
) {
  await store.append({
    stream: { domain: 'player', root: rootToString(player) },
    expectedSequence: 0,
    pages: buildPages(registry, events, 0, 'seed', new Date(0)),
  });
}

describe('RejectionRouter', () => {
  it('records a null answer as handled: nothing appended, the notification deduplicated', async () => {
    const { router, store, audit } = setup();
    const player = newRoot();
    await seed(store, player, create(PlayerRegisteredSchema, { name: 'A', bankroll: 10 }));
    expect(await router.route(joinRejected(player, newRoot()))).toEqual({ result: 'nothing' });
    expect((await store.load({ domain: 'player', root: rootToString(player) })).nextSequence).toBe(
      1,
    );
    const record = await store.findDedup({ domain: 'player', root: rootToString(player) }, 'n-1');
    expect(decode(CommandOutcomeSchema, record!)).toMatchObject({
      commandId: 'n-1',
      result: { case: 'accepted', value: { sequences: [] } },
    });
    expect(audit.all().map((e) => [e.kind, e.details?.result])).toEqual([
      ['notification.handled', 'nothing'],
    ]);
    expect(await router.route(joinRejected(player, newRoot()))).toEqual({ result: 'duplicate' });
  });

  it('appends the compensation once for a notification delivered twice', async () => {
    const { router, store } = setup();
    const player = newRoot();
    const table = newRoot();
    await seed(
      store,
      player,
      create(PlayerRegisteredSchema, { name: 'A', bankroll: 500 }),
      create(FundsReservedSchema, { tableId: table, amount: 100 }),
    );
    expect(await router.route(joinRejected(player, table))).toEqual({
      result: 'events',
      sequences: [2],
    });
    expect(await router.route(joinRejected(player, table))).toEqual({ result: 'duplicate' });
    const { pages } = await store.load({ domain: 'player', root: rootToString(player) });
    expect(pages.map((p) => p.causationId)).toEqual(['seed', 'seed', 'n-1']);
    const record = await store.findDedup({ domain: 'player', root: rootToString(player) }, 'n-1');
    expect(decode(CommandOutcomeSchema, record!)).toMatchObject({
      commandId: 'n-1',
      result: { case: 'accepted', value: { sequences: [2n] } },
    });
  });

  it('snapshots a stream that crosses its snapshot interval by a compensation', async () => {
    const { router, store } = setup();
    const player = newRoot();
    const table = newRoot();
    const stream = { domain: 'player', root: rootToString(player) };
    await seed(
      store,
      player,
      create(PlayerRegisteredSchema, { name: 'A', bankroll: 500 }),
      create(FundsReservedSchema, { tableId: table, amount: 100 }),
    );
    expect((await store.load(stream, { useSnapshot: true })).snapshot).toBeUndefined();
    // The player snapshots every 3 events: the release at sequence 2 is the third.
    expect(await router.route(joinRejected(player, table))).toEqual({
      result: 'events',
      sequences: [2],
    });
    const loaded = await store.load(stream, { useSnapshot: true });
    expect(loaded.snapshot?.sequence).toBe(2n);
    expect(loaded.pages).toEqual([]);
    const state = aggregateDefinitionOf<PlayerState>(new PlayerFixture()).stateCodec.decode(
      loaded.snapshot!.state!,
    );
    expect(state).toMatchObject({ bankroll: 500, reserved: {} });
  });

  it('persists nothing and rethrows when the handler throws', async () => {
    const broken = new PlayerFixture();
    broken.onJoinRejected = () => {
      throw new RangeError('handler bug');
    };
    const { router, store, audit } = setup(broken);
    const player = newRoot();
    await seed(store, player, create(PlayerRegisteredSchema, { name: 'A', bankroll: 10 }));
    await expect(router.route(joinRejected(player, newRoot()))).rejects.toThrow('handler bug');
    expect(
      await store.findDedup({ domain: 'player', root: rootToString(player) }, 'n-1'),
    ).toBeUndefined();
    expect(audit.all()).toEqual([]);
  });

  it('refuses a rejection naming a source event the stream does not have, running no handler', async () => {
    const { router, store, audit } = setup();
    const player = newRoot();
    await seed(store, player, create(PlayerRegisteredSchema, { name: 'A', bankroll: 10 }));
    const refused = router.route(joinRejected(player, newRoot(), 'n-1', 1));
    await expect(refused).rejects.toMatchObject({ reason: 'invalid_return_address' });
    await expect(refused).rejects.toThrow(
      /source event @1 of player\/\S+ does not exist \(the stream has 1 events\)/,
    );
    expect((await store.load({ domain: 'player', root: rootToString(player) })).nextSequence).toBe(
      1,
    );
    expect(audit.all()).toEqual([]);
  });

  it('refuses a rejected command whose id is not the one its saga would have given it', async () => {
    const { router, store, audit } = setup();
    const player = newRoot();
    const table = newRoot();
    await seed(
      store,
      player,
      create(PlayerRegisteredSchema, { name: 'A', bankroll: 500 }),
      create(FundsReservedSchema, { tableId: table, amount: 100 }),
    );
    const forged = joinRejected(player, table, 'n-1', 1);
    const rejection = decode(RejectionNotificationSchema, forged.payload!.value);
    rejection.rejectedCommand!.commandId = 'made-up';
    forged.payload = anyPack(RejectionNotificationSchema, rejection);
    const refused = router.route(forged);
    await expect(refused).rejects.toMatchObject({ reason: 'invalid_return_address' });
    await expect(refused).rejects.toThrow(
      'command "made-up" is not command 0 of saga player-table',
    );
    expect((await store.load({ domain: 'player', root: rootToString(player) })).nextSequence).toBe(
      2,
    );
    expect(audit.all()).toEqual([]);
    // The genuine rejection of that command is compensated.
    expect(await router.route(joinRejected(player, table, 'n-2', 1))).toEqual({
      result: 'events',
      sequences: [2],
    });
  });

  it('refuses a rejection addressed to another aggregate than the one it was delivered to', async () => {
    const { router } = setup();
    const n = joinRejected(newRoot(), newRoot());
    n.cover = create(CoverSchema, { domain: 'player', root: newRoot(), correlationId: 'flow' });
    await expect(router.route(n)).rejects.toMatchObject({ reason: 'invalid_return_address' });
  });
});
