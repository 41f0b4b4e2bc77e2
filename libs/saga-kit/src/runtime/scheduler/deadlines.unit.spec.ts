import { create } from '@bufbuild/protobuf';
import {
  OpenTableSchema,
  POKER_FILES,
  RegisterPlayerSchema,
  ReserveFundsSchema,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryAuditLog } from '../../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import { MemoryJobQueue } from '../../adapters/memory/memory-job-queue';
import { CommandBookSchema } from '../../gen/sagakit/v1/envelope_pb';
import { newRoot, rootToString, uuidToBytes } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, shortTypeName } from '../../messaging/type-registry';
import { TableFixture, WalletFixture, WalletTableSagaFixture } from '../../testing/fixtures';
import { createHarness, type Harness } from '../../testing/harness';
import { AggregateRunner } from '../aggregate/aggregate-runner';
import { AuditRecorder } from '../audit/audit-recorder';
import { aggregateDefinitionOf } from '../definition/definition-of-instance';
import type { DeadlineJob } from './deadline-scheduler';
import { DeadlineSweeper } from './deadline-sweeper';

const DEADLINE_MS = 30_000;

describe('command deadlines: no outcome in time revokes the triggering event', () => {
  let h: Harness;

  afterEach(async () => {
    await h.stop();
  });

  /** A wallet reserves funds for a table; the saga asks the table to seat it within 30 s. */
  async function reserve(withTable: boolean) {
    h = await createHarness({
      aggregates: withTable ? [new WalletFixture(), TableFixture] : [new WalletFixture()],
      sagas: [new WalletTableSagaFixture(DEADLINE_MS)],
      registryFiles: POKER_FILES,
    });
    const wallet = rootToString(newRoot());
    const table = rootToString(newRoot());
    if (withTable) {
      await h.send({
        domain: 'table',
        root: table,
        command: create(OpenTableSchema, { name: 'T', maxSeats: 6 }),
      });
    }
    await h.send({
      domain: 'player',
      root: wallet,
      command: create(RegisterPlayerSchema, { name: 'W', bankroll: 500 }),
    });
    await h.send({
      domain: 'player',
      root: wallet,
      command: create(ReserveFundsSchema, { tableId: uuidToBytes(table), amount: 200, seat: 1 }),
      correlationId: 'deadline-1',
    });
    await h.waitForIdle();
    return { wallet, table };
  }

  const sweep = async () => {
    const claimed = await h.runtime.failure.deadlines.runOnce();
    await h.waitForIdle();
    return claimed;
  };

  it('revokes the reservation when the table never answered, and a late join changes nothing', async () => {
    // The table's service is down: nothing consumes its commands.
    const { wallet, table } = await reserve(false);
    expect(await sweep()).toBe(0); // not due yet
    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 300 });

    h.clock.advance(DEADLINE_MS);
    expect(await sweep()).toBe(1);

    const pages = await h.pages('player', wallet);
    expect(pages.map((p) => shortTypeName(p.event?.typeUrl ?? ''))).toEqual([
      'PlayerRegistered',
      'FundsReserved',
      'Revocation',
    ]);
    expect(await h.state('player', wallet)).toEqual({ bankroll: 500, reserved: {} });
    const history = await h.runtime.undo.history('player', wallet);
    expect(history[1]).toMatchObject({ status: 'revoked' });
    expect(history[1]?.reason).toMatch(/^deadline_expired: JoinTable to table\/.* had no outcome/);
    const timeline = await h.timeline('deadline-1');
    expect(timeline.map((e) => `${e.kind}@${e.domain}`).slice(-2)).toEqual([
      'command.rejected@table',
      'undo.revoked@player',
    ]);
    expect(timeline.at(-1)).toMatchObject({
      sequences: [1],
      details: expect.objectContaining({ origin: 'deadline' }) as unknown,
    });
    expect(await sweep()).toBe(0);

    // The join arrives after all: its outcome was claimed as deadline_expired, so it is a no-op.
    const [late] = h.transport.messages(h.topics.commands('table'));
    const runner = new AggregateRunner({
      definition: aggregateDefinitionOf(new TableFixture()),
      store: h.store,
      registry: h.registry,
      topics: h.topics,
      clock: h.clock,
      audit: new AuditRecorder(h.audit, h.clock),
      logger: pino({ level: 'silent' }),
    });
    const outcome = await runner.handleCommand(decode(CommandBookSchema, late!.value));
    expect(outcome.result).toEqual({
      case: 'rejected',
      value: expect.objectContaining({ reason: 'deadline_expired' }) as unknown,
    });
    expect(await h.pages('table', table)).toEqual([]);
  });

  it('keeps a deadline whose sweep failed and handles it after a backoff', async () => {
    const { wallet } = await reserve(false);
    h.clock.advance(DEADLINE_MS);
    const append = jest.spyOn(h.store, 'append').mockRejectedValueOnce(new Error('store down'));
    expect(await sweep()).toBe(1);
    expect(append).toHaveBeenCalledTimes(1);
    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 300 });
    expect(await sweep()).toBe(0); // waiting out the backoff
    append.mockRestore();

    h.clock.advance(60_000);
    expect(await sweep()).toBe(1);
    expect(await h.state('player', wallet)).toEqual({ bankroll: 500, reserved: {} });
    expect(await sweep()).toBe(0);
  });

  it('does nothing when the command had an outcome before the deadline', async () => {
    const { wallet, table } = await reserve(true);
    expect((await h.pages('table', table)).map((p) => shortTypeName(p.event!.typeUrl))).toEqual([
      'TableOpened',
      'PlayerJoined',
    ]);

    h.clock.advance(DEADLINE_MS);
    expect(await sweep()).toBe(1);

    expect(await h.state('player', wallet)).toMatchObject({ bankroll: 300 });
    expect((await h.pages('player', wallet)).map((p) => shortTypeName(p.event!.typeUrl))).toEqual([
      'PlayerRegistered',
      'FundsReserved',
    ]);
    const kinds = (await h.timeline('deadline-1')).map((e) => e.kind);
    expect(kinds).not.toContain('undo.revoked');
    expect(await sweep()).toBe(0);
  });
});

describe('DeadlineSweeper', () => {
  it('drops a deadline job that names no valid stream instead of retrying it forever', async () => {
    const clock = new ManualClock();
    const queue = new MemoryJobQueue();
    const job: DeadlineJob = {
      commandId: 'c-1',
      commandType: 'JoinTable',
      saga: 's',
      correlationId: 'corr',
      deadline: clock.now().toISOString(),
      target: { domain: 'table', root: 'not-a-uuid' },
      source: { domain: 'player', root: rootToString(newRoot()), sequence: 1 },
    };
    await queue.enqueue({ id: job.commandId, payload: JSON.stringify(job), dueAt: clock.now() });
    const sweeper = new DeadlineSweeper({
      queue,
      store: new MemoryEventStore(),
      topics: new Topics('deadlines'),
      clock,
      audit: new AuditRecorder(new MemoryAuditLog(), clock),
      logger: pino({ level: 'silent' }),
    });

    expect(await sweeper.runOnce()).toBe(1);
    expect(await queue.size()).toBe(0);
    clock.advance(60_000);
    expect(await sweeper.runOnce()).toBe(0);
  });
});
