import { create } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BetPlacedSchema,
  DeductFromPlayerStackSchema,
  POKER_FILES,
  type BetPlaced,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryAuditLog } from '../../adapters/memory/memory-audit-log';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { isPoisonMessageError } from '../../errors/poison-message.error';
import {
  CommandBookSchema,
  CoverSchema,
  EventBookSchema,
  type EventBook,
} from '../../gen/sagakit/v1/envelope_pb';
import { Headers } from '../../messaging/headers';
import { newRoot, rootToString } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, TypeRegistry } from '../../messaging/type-registry';
import { AuditRecorder } from '../audit/audit-recorder';
import { defineSaga } from '../definition/saga-definition';
import type { SagaCommand, SagaContext } from '../definition/handler-types';
import { buildPages } from '../aggregate/event-pages';
import type { SagaChainGuard } from './saga-chain-guard';
import { SagaRunner } from './saga-runner';

const registry = new TypeRegistry(...POKER_FILES);
const topics = new Topics();
const table = newRoot();

function runner(
  handle: (e: BetPlaced, ctx: SagaContext) => SagaCommand | SagaCommand[] | void,
  guard?: SagaChainGuard,
) {
  const transport = new MemoryTransport();
  const audit = new MemoryAuditLog();
  const clock = new ManualClock();
  const definition = defineSaga({ name: 'hand-table', from: 'hand', to: 'table' })
    .on(BetPlacedSchema, handle)
    .build();
  const saga = new SagaRunner({
    definition,
    transport,
    registry,
    topics,
    clock,
    audit: new AuditRecorder(audit, clock),
    logger: pino({ level: 'silent' }),
    ...(guard ? { guard } : {}),
  });
  return { saga, transport, audit };
}

function book(domain = 'hand'): EventBook {
  const pages = buildPages(
    registry,
    [create(BetPlacedSchema, { amount: 5, tableId: table })],
    7,
    'cmd',
    new Date(0),
  );
  return create(EventBookSchema, {
    cover: create(CoverSchema, { domain, root: newRoot(), correlationId: 'flow' }),
    pages,
    nextSequence: 8n,
  });
}

const deduct = (amount: number) => create(DeductFromPlayerStackSchema, { amount });

describe('SagaRunner', () => {
  it('issues commands asked for through ctx.command and returned ones once each, in order', async () => {
    const { saga, transport } = runner((e, ctx) => {
      const first = ctx.command(e.tableId, deduct(1));
      const second = ctx.command(e.tableId, deduct(2), {
        deadline: new Date('2024-01-01T00:01:00Z'),
      });
      return [first, second];
    });
    const steps = await saga.handleEvents(book());
    expect(steps).toHaveLength(1);
    const published = transport.messages(topics.commands('table'));
    const books = published.map((m) => decode(CommandBookSchema, m.value));
    expect(books.map((b) => b.command && registry.unpack(b.command))).toEqual([
      deduct(1),
      deduct(2),
    ]);
    expect(books.map((b) => b.returnAddress?.commandIndex)).toEqual([0, 1]);
    expect(books[1]?.deadline && timestampDate(books[1].deadline).toISOString()).toBe(
      '2024-01-01T00:01:00.000Z',
    );
    expect(published[0]).toMatchObject({
      key: rootToString(table),
      headers: {
        [Headers.Kind]: 'command',
        [Headers.ReplyTo]: 'sagakit.hand.notifications',
        [Headers.Saga]: 'hand-table',
        [Headers.CorrelationId]: 'flow',
      },
    });
    expect(published[0]?.headers[Headers.Source]).toMatch(/^hand\/[0-9a-f-]{36}@7$/);
  });

  it('skips and audits the commands of an aborted flow', async () => {
    const aborted: SagaChainGuard = { isAborted: (id) => Promise.resolve(id === 'flow') };
    const { saga, transport, audit } = runner(
      (e, ctx) => ctx.command(e.tableId, deduct(1)),
      aborted,
    );
    const [step] = await saga.handleEvents(book());
    expect(step?.issued).toEqual([]);
    expect(step?.skipped).toHaveLength(1);
    expect(transport.messages(topics.commands('table'))).toEqual([]);
    expect(audit.all()).toEqual([
      expect.objectContaining({
        kind: 'command.skipped',
        saga: 'hand-table',
        commandType: 'DeductFromPlayerStack',
        reason: 'saga chain aborted',
      }),
    ]);
  });

  it('issues nothing for events without a handler or handlers that return nothing', async () => {
    const { saga, transport } = runner(() => undefined);
    expect(await saga.handleEvents(book())).toEqual([]);
    expect(transport.messages(topics.commands('table'))).toEqual([]);
  });

  it('rejects events of another domain as poison, and bad targets or return values as faults', async () => {
    const { saga } = runner((e, ctx) => ctx.command(e.tableId, deduct(1)));
    expect(
      isPoisonMessageError(await saga.handleEvents(book('player')).catch((e: unknown) => e)),
    ).toBe(true);
    const badTarget = runner((_e, ctx) => ctx.command(new Uint8Array(3), deduct(1))).saga;
    await expect(badTarget.handleEvents(book())).rejects.toThrow(TypeError);
    const badReturn = runner(() => deduct(1) as unknown as SagaCommand).saga;
    await expect(badReturn.handleEvents(book())).rejects.toThrow(/ctx\.command/);
  });
});
