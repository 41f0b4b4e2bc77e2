import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create, toBinary } from '@bufbuild/protobuf';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startPrivateRedis, type PrivateRedis } from '../../../../../test/infra';
import { isSagaKitError } from '../../errors/saga-kit.error';
import { EventPageSchema, SnapshotSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import type { AuditEntry } from '../../ports/audit-log.port';
import type { OutboxMessage } from '../../ports/event-store.port';
import { RedisAuditLog } from './redis-audit-log.adapter';
import { RedisEventStore } from './redis-event-store.adapter';

const silent = pino({ level: 'silent' });
const stream = { domain: 'hand', root: '3f1c2a9e-0000-4000-8000-000000000001' };
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

const pages: EventPage[] = Array.from({ length: 4 }, (_, i) =>
  create(EventPageSchema, {
    sequence: BigInt(i),
    eventId: `e${i}`,
    event: { typeUrl: 'type.googleapis.com/test.Event', value: ALL_BYTES },
  }),
);
const outbox: OutboxMessage = {
  id: 'm-1',
  topic: 'sagakit.hand.events',
  key: stream.root,
  value: ALL_BYTES,
  headers: { 'message-id': 'm-1' },
};
const audit: AuditEntry = {
  id: 'a-1',
  correlationId: 'corr-1',
  kind: 'command.accepted',
  at: new Date(Date.UTC(2024, 0, 1)),
  domain: stream.domain,
  root: stream.root,
  component: 'hand',
};
const hex = (list: readonly EventPage[]): string[] =>
  list.map((p) => Buffer.from(toBinary(EventPageSchema, p)).toString('hex'));

describe('Redis adapters on a Redis that restarts (AOF)', () => {
  let redis: PrivateRedis;
  let client: Redis;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: true });
    client = new Redis(redis.url, { maxRetriesPerRequest: 20 });
  });

  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('keeps pages, dedup records, snapshots, the outbox and the audit log across a crash', async () => {
    const store = new RedisEventStore(client, { logger: silent, outboxSweepIntervalMs: 0 });
    const log = new RedisAuditLog(client);
    await store.append({
      stream,
      expectedSequence: 0,
      pages: pages.slice(0, 3),
      dedup: { key: 'cmd-1', value: ALL_BYTES },
      outbox: [outbox],
    });
    await store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 1n }));
    await log.record(audit);

    await redis.restart({ crash: true });

    // New instances, and a client whose scripts the restarted server has never seen.
    const after = new RedisEventStore(client, { logger: silent, outboxSweepIntervalMs: 0 });
    const loaded = await after.load(stream);
    expect(loaded.nextSequence).toBe(3);
    expect(hex(loaded.pages)).toEqual(hex(pages.slice(0, 3)));
    expect((await after.load(stream, { useSnapshot: true })).snapshot?.sequence).toBe(1n);
    expect(await after.findDedup(stream, 'cmd-1')).toEqual(ALL_BYTES);
    expect(await after.pending(10)).toEqual([outbox]);
    expect(await new RedisAuditLog(client).timeline('corr-1')).toEqual([audit]);
    expect(await after.append({ stream, expectedSequence: 3, pages: pages.slice(3) })).toEqual({
      status: 'appended',
      nextSequence: 4,
    });
  });
});

describe('Redis adapters while Redis is down', () => {
  let redis: PrivateRedis;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    // Fail fast instead of queueing: no offline queue, one reconnect attempt per command.
    clients.push(
      new Redis(redis.url, {
        enableOfflineQueue: false,
        retryStrategy: () => 20,
        disconnectTimeout: 10,
        lazyConnect: true,
      }),
      new Redis(redis.url, {
        maxRetriesPerRequest: 0,
        retryStrategy: () => 20,
        disconnectTimeout: 10,
        lazyConnect: true,
      }),
    );
    await Promise.all(clients.map((c) => c.connect()));
    await redis.stop();
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });

  it.each([0, 1])('raises a retriable TransientError with the cause (client %i)', async (i) => {
    const client = clients[i]!;
    const store = new RedisEventStore(client, { logger: silent });
    const log = new RedisAuditLog(client);
    const operations: [string, () => Promise<unknown>][] = [
      ['load', () => store.load(stream)],
      ['append', () => store.append({ stream, expectedSequence: 0, pages: pages.slice(0, 1) })],
      [
        'append with outbox',
        () => store.append({ stream, expectedSequence: 0, pages: [], outbox: [outbox] }),
      ],
      ['findDedup', () => store.findDedup(stream, 'k')],
      ['saveSnapshot', () => store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 0n }))],
      ['pending', () => store.pending(10)],
      ['ack', () => store.ack(['m-1'])],
      ['sweepOutbox', () => store.sweepOutbox()],
      ['record', () => log.record(audit)],
      ['timeline', () => log.timeline('corr-1')],
      ['history', () => log.history(stream.domain, stream.root)],
    ];
    for (const [name, operation] of operations) {
      const error = await operation().then(
        () => new Error(`${name} succeeded with Redis down`),
        (e: unknown) => e,
      );
      expect({ name, transient: isSagaKitError(error) && error.code === 'TRANSIENT' }).toEqual({
        name,
        transient: true,
      });
      expect(error).toMatchObject({ retriable: true, cause: expect.any(Error) });
    }
  });
});
