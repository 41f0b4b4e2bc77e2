import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import {
  HandSeatSchema,
  PlaceBetSchema,
  POKER_FILES,
  RegisterPlayerSchema,
  ReserveFundsSchema,
  StartHandSchema,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryAuditLog } from '../../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import { isConcurrencyError } from '../../errors/concurrency.error';
import { isPoisonMessageError } from '../../errors/poison-message.error';
import { CommandOutcomeSchema, EventPageSchema } from '../../gen/sagakit/v1/envelope_pb';
import { RevocationSchema } from '../../gen/sagakit/v1/failure_pb';
import { newRoot, rootToString, uuidToBytes } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, TypeRegistry } from '../../messaging/type-registry';
import type { AppendRequest, LoadOptions, StreamId } from '../../ports/event-store.port';
import {
  HandFixture,
  PlayerFixture,
  type HandState,
  type PlayerState,
} from '../../testing/fixtures';
import { AuditRecorder } from '../audit/audit-recorder';
import { aggregateDefinitionOf } from '../definition/definition-of-instance';
import { buildCommandBook } from '../envelope/command-book';
import { AggregateRunner } from './aggregate-runner';

const registry = new TypeRegistry(...POKER_FILES);
const silent = pino({ level: 'silent' });

function setup<S>(instance: object, store: MemoryEventStore = new MemoryEventStore()) {
  const audit = new MemoryAuditLog();
  const clock = new ManualClock();
  const runner = new AggregateRunner<S>({
    definition: aggregateDefinitionOf<S>(instance),
    store,
    registry,
    topics: new Topics(),
    clock,
    audit: new AuditRecorder(audit, clock),
    logger: silent,
    conflictRetry: { sleep: () => Promise.resolve() },
  });
  return { runner, audit, store };
}

async function startedHand(runner: AggregateRunner<HandState>): Promise<string> {
  const hand = rootToString(newRoot());
  await runner.handleCommand(
    buildCommandBook(registry, {
      domain: 'hand',
      root: hand,
      command: create(StartHandSchema, {
        tableId: newRoot(),
        seats: [create(HandSeatSchema, { playerId: newRoot(), seat: 1 })],
      }),
    }),
  );
  return hand;
}

const bet = (hand: string, amount: number, commandId?: string) =>
  buildCommandBook(registry, {
    domain: 'hand',
    root: hand,
    command: create(PlaceBetSchema, {
      playerId: uuidToBytes('00000000-0000-4000-8000-0000000000aa'),
      amount,
    }),
    ...(commandId ? { commandId } : {}),
  });

describe('AggregateRunner', () => {
  it('stamps pages: consecutive sequences, deterministic event ids, the command as causation, the clock time', async () => {
    const { runner, store } = setup<HandState>(new HandFixture());
    const hand = await startedHand(runner);
    const outcome = await runner.handleCommand(bet(hand, 10, 'cmd-1'));
    expect(outcome.result).toEqual({
      case: 'accepted',
      value: expect.objectContaining({ sequences: [1n] }) as unknown,
    });
    const { pages } = await store.load({ domain: 'hand', root: hand });
    expect(pages[1]).toMatchObject({ sequence: 1n, causationId: 'cmd-1' });
    const again = setup<HandState>(new HandFixture());
    const otherHand = await startedHand(again.runner);
    await again.runner.handleCommand(bet(otherHand, 10, 'cmd-1'));
    const other = await again.store.load({ domain: 'hand', root: otherHand });
    expect(other.pages[1]?.eventId).toBe(pages[1]?.eventId);
    expect(pages[1]?.createdAt?.seconds).toBe(BigInt(Date.parse('2024-01-01T00:00:00Z') / 1000));
  });

  it('returns the first outcome for a duplicate command id and appends nothing', async () => {
    const { runner, store } = setup<HandState>(new HandFixture());
    const hand = await startedHand(runner);
    const first = await runner.handleCommand(bet(hand, 10, 'dup'));
    const second = await runner.handleCommand(bet(hand, 10, 'dup'));
    expect(second).toEqual(first);
    expect((await store.load({ domain: 'hand', root: hand })).nextSequence).toBe(2);
    // A rejected command stays rejected, even once the state would accept it.
    const rejected = await runner.handleCommand(bet(hand, 0, 'zero'));
    expect(await runner.handleCommand(bet(hand, 0, 'zero'))).toEqual(rejected);
    expect(rejected.result).toEqual({
      case: 'rejected',
      value: expect.objectContaining({ reason: 'invalid_bet_amount' }) as unknown,
    });
  });

  it('checks the command id while it loads the stream, and a duplicate ignores the load', async () => {
    const store = new OverlapRecordingStore();
    const { runner } = setup<HandState>(new HandFixture(), store);
    const hand = await startedHand(runner);
    store.overlapped = 0;
    const first = await runner.handleCommand(bet(hand, 10, 'once'));
    expect(store.overlapped).toBe(1);
    // Its outcome is stored: a redelivery neither needs the load nor fails with it.
    store.failLoads = true;
    expect(await runner.handleCommand(bet(hand, 10, 'once'))).toEqual(first);
    await expect(runner.handleCommand(bet(hand, 10, 'new'))).rejects.toThrow('load failed');
  });

  it('returns and records a rejection without a return address, sending nothing', async () => {
    const { runner, audit, store } = setup<HandState>(new HandFixture());
    const hand = rootToString(newRoot());
    const outcome = await runner.handleCommand(bet(hand, 5, 'early'));
    expect(outcome.result.case).toBe('rejected');
    expect(outcome.result.value).toMatchObject({ reason: 'hand_not_started' });
    const record = await store.findDedup({ domain: 'hand', root: hand }, 'early');
    expect(decode(CommandOutcomeSchema, record!)).toEqual(outcome);
    expect(await store.pending(10)).toEqual([]);
    expect(audit.all().map((e) => [e.kind, e.reason])).toEqual([
      ['command.rejected', 'hand_not_started'],
    ]);
  });

  it('rethrows a fault, appends nothing and records command.failed', async () => {
    const broken = new HandFixture();
    broken.bet = () => {
      throw new TypeError('bug in the decider');
    };
    const { runner, audit, store } = setup<HandState>(broken);
    const hand = await startedHand(runner);
    await expect(runner.handleCommand(bet(hand, 5, 'boom'))).rejects.toThrow('bug in the decider');
    expect((await store.load({ domain: 'hand', root: hand })).nextSequence).toBe(1);
    expect(await store.findDedup({ domain: 'hand', root: hand }, 'boom')).toBeUndefined();
    expect(audit.all().at(-1)).toMatchObject({
      kind: 'command.failed',
      reason: 'bug in the decider',
    });
  });

  it("rejects a command whose expected sequence is not the stream's", async () => {
    const { runner } = setup<HandState>(new HandFixture());
    const hand = await startedHand(runner);
    const stale = buildCommandBook(registry, {
      domain: 'hand',
      root: hand,
      command: create(PlaceBetSchema, { playerId: newRoot(), amount: 5 }),
      expectedSequence: 0,
    });
    expect((await runner.handleCommand(stale)).result.value).toMatchObject({
      reason: 'unexpected_sequence',
    });
  });

  it('treats a command type without a handler, or for another domain, as poison', async () => {
    const { runner } = setup<HandState>(new HandFixture());
    const wrongType = buildCommandBook(registry, {
      domain: 'hand',
      root: newRoot(),
      command: create(RegisterPlayerSchema, { name: 'x' }),
    });
    await expect(runner.handleCommand(wrongType)).rejects.toThrow(
      /has no handler for poker.v1.RegisterPlayer/,
    );
    const wrongDomain = buildCommandBook(registry, {
      domain: 'table',
      root: newRoot(),
      command: create(PlaceBetSchema),
    });
    const error: unknown = await runner.handleCommand(wrongDomain).catch((e: unknown) => e);
    expect(isPoisonMessageError(error)).toBe(true);
  });

  it('keeps both of two racing commands: the loser reloads and decides again', async () => {
    const store = new BarrierStore(2);
    const { runner } = setup<HandState>(new HandFixture(), store);
    const hand = await startedHand(runner);
    store.arm();
    const player = '00000000-0000-4000-8000-0000000000aa';
    const [a, b] = await Promise.all([
      runner.handleCommand(bet(hand, 10)),
      runner.handleCommand(bet(hand, 20)),
    ]);
    expect(store.conflicts).toBeGreaterThanOrEqual(1);
    const sequences = [a, b].flatMap((o) =>
      o.result.case === 'accepted' ? o.result.value.sequences : [],
    );
    expect(sequences.sort()).toEqual([1n, 2n]);
    expect((await runner.load(hand)).state.bets[player]).toBe(30);
  });

  it('snapshots every N events and rebuilds the same state from the snapshot', async () => {
    const store = new MemoryEventStore();
    const { runner } = setup<PlayerState>(new PlayerFixture(), store);
    const player = rootToString(newRoot());
    const send = (command: Parameters<typeof buildCommandBook>[1]['command']) =>
      runner.handleCommand(buildCommandBook(registry, { domain: 'player', root: player, command }));
    await send(create(RegisterPlayerSchema, { name: 'Ada', bankroll: 1000 }));
    for (let i = 0; i < 4; i++) {
      await send(create(ReserveFundsSchema, { tableId: newRoot(), amount: 100, seat: i }));
    }
    const loaded = await store.load({ domain: 'player', root: player }, { useSnapshot: true });
    expect(loaded.snapshot?.sequence).toBe(2n);
    const fromSnapshot = await runner.load(player);
    expect(fromSnapshot.fromSnapshot).toBe(true);
    expect(fromSnapshot.state.bankroll).toBe(600);
    expect(Object.keys(fromSnapshot.state.reserved)).toHaveLength(4);
  });

  it('reads a stream once per command, with a snapshot or still too young for one', async () => {
    const store = new LoadCountingStore();
    const { runner } = setup<PlayerState>(new PlayerFixture(), store);
    const player = rootToString(newRoot());
    const send = (command: Parameters<typeof buildCommandBook>[1]['command']) =>
      runner.handleCommand(buildCommandBook(registry, { domain: 'player', root: player, command }));
    await send(create(RegisterPlayerSchema, { name: 'Ada', bankroll: 1000 }));
    const reserve = () => send(create(ReserveFundsSchema, { tableId: newRoot(), amount: 100 }));
    store.loads = 0;
    await reserve();
    expect(store.loads).toBe(1);
    await reserve();
    const stream = { domain: 'player', root: player };
    expect((await store.load(stream, { useSnapshot: true })).snapshot?.sequence).toBe(2n);
    store.loads = 0;
    await reserve();
    expect(store.loads).toBe(1);
    const loaded = await runner.load(player);
    expect(loaded.fromSnapshot).toBe(true);
    expect(loaded.state.bankroll).toBe(700);
  });

  it('replays without the snapshot when a later revocation hides an event the snapshot folded in', async () => {
    const store = new MemoryEventStore();
    const { runner } = setup<PlayerState>(new PlayerFixture(), store);
    const player = rootToString(newRoot());
    const stream: StreamId = { domain: 'player', root: player };
    const send = (command: Parameters<typeof buildCommandBook>[1]['command']) =>
      runner.handleCommand(buildCommandBook(registry, { domain: 'player', root: player, command }));
    await send(create(RegisterPlayerSchema, { name: 'Ada', bankroll: 1000 }));
    await send(create(ReserveFundsSchema, { tableId: newRoot(), amount: 100 }));
    await send(create(ReserveFundsSchema, { tableId: newRoot(), amount: 250 }));
    expect((await store.load(stream, { useSnapshot: true })).snapshot?.sequence).toBe(2n);
    const marker = create(RevocationSchema, { sequences: [2n], reason: 'deadline_expired' });
    await store.append({
      stream,
      expectedSequence: 3,
      pages: [
        create(EventPageSchema, {
          sequence: 3n,
          event: anyPack(RevocationSchema, marker),
          eventId: 'rev',
        }),
      ],
    });
    const loaded = await runner.load(player);
    expect(loaded.fromSnapshot).toBe(false);
    expect(loaded.state.bankroll).toBe(900);
    expect(loaded.nextSequence).toBe(4);
  });
});

/**
 * A store whose next `parties` loads all finish before any of their appends runs, so the
 * appends race deterministically; counts the conflicts it reports.
 */
class BarrierStore extends MemoryEventStore {
  conflicts = 0;
  private waiting: (() => void)[] = [];
  private armed = false;

  constructor(private readonly parties: number) {
    super();
  }

  arm(): void {
    this.armed = true;
  }

  override async load(stream: StreamId, options?: LoadOptions) {
    const loaded = await super.load(stream, options);
    if (this.armed) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.parties) {
          this.armed = false;
          this.waiting.forEach((r) => r());
        }
      });
    }
    return loaded;
  }

  override async append(request: AppendRequest) {
    try {
      return await super.append(request);
    } catch (error) {
      if (isConcurrencyError(error)) this.conflicts++;
      throw error;
    }
  }
}

/** Counts the loads it serves. */
class LoadCountingStore extends MemoryEventStore {
  loads = 0;

  override async load(stream: StreamId, options?: LoadOptions) {
    this.loads++;
    return super.load(stream, options);
  }
}

/** Counts the dedup checks made while a load is in flight; fails loads on demand. */
class OverlapRecordingStore extends MemoryEventStore {
  overlapped = 0;
  failLoads = false;
  private loading = 0;

  override async load(stream: StreamId, options?: LoadOptions) {
    this.loading++;
    try {
      if (this.failLoads) throw new Error('load failed');
      return await super.load(stream, options);
    } finally {
      this.loading--;
    }
  }

  override async findDedup(stream: StreamId, key: string) {
    if (this.loading > 0) this.overlapped++;
    return super.findDedup(stream, key);
  }
}
