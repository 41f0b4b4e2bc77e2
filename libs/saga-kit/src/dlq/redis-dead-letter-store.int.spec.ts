import { Redis } from 'ioredis';
import { redisUrl, uniqueName } from '../../../../test/infra';
import type { DeadLetterFacts } from './dead-letter-entry';
import { RedisDeadLetterStore } from './redis-dead-letter-store';

const DAY = 24 * 60 * 60 * 1000;

function facts(id: string, at: Date, more: Partial<DeadLetterFacts> = {}): DeadLetterFacts {
  return {
    id,
    domain: 'table',
    reason: 'handler_error',
    component: 'table',
    componentType: 'aggregate',
    correlationId: `c-${id}`,
    at: at.toISOString(),
    attempts: 1,
    errorType: 'TypeError',
    errorMessage: 'boom',
    payloadKind: 'raw',
    messageType: '',
    dlq: { topic: 'sagakit.table.dlq', partition: 0, offset: '0' },
    receivedAt: at.toISOString(),
    ...more,
  };
}

describe('RedisDeadLetterStore', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: 2 });
  });
  afterAll(async () => {
    await redis.quit();
  });
  const store = (
    options: { retentionMs?: number; maxEntries?: number } = {},
  ): RedisDeadLetterStore =>
    new RedisDeadLetterStore(redis, { keyPrefix: uniqueName('dlq-store'), ...options });

  it('stores an id once, counting redeliveries', async () => {
    const s = store();
    const now = new Date();
    expect(await s.ingest(facts('a', now), new Uint8Array([1]), { h: '1' })).toBe(true);
    expect(await s.ingest(facts('a', now), new Uint8Array([1]), { h: '1' })).toBe(false);
    expect((await s.get('a'))?.entry).toMatchObject({ id: 'a', status: 'open', deliveries: 2 });
    expect((await s.list({ limit: 10, offset: 0 })).total).toBe(1);
  });

  it('lets one of two concurrent replay claims through; the other is told it is busy', async () => {
    const s = store();
    const now = new Date();
    await s.ingest(facts('b', now), new Uint8Array(), {});
    const replay = { messageId: 'm', topic: 't', claimedAt: now.toISOString() };
    const outcomes = await Promise.all([
      s.claimReplay('b', replay, now, 30_000),
      s.claimReplay('b', replay, now, 30_000),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['busy', 'claimed']);
    // A claim whose lease ran out (the replayer crashed) can be taken over.
    expect(
      (await s.claimReplay('b', replay, new Date(now.getTime() + 31_000), 30_000)).outcome,
    ).toBe('claimed');
    await s.completeReplay('b', { ...replay, at: now.toISOString() });
    expect(await s.claimReplay('b', replay, now, 30_000)).toEqual({
      outcome: 'replayed',
      replay: { ...replay, at: now.toISOString() },
    });
    expect(
      (await s.list({ status: 'replayed', limit: 10, offset: 0 })).items.map((e) => e.id),
    ).toEqual(['b']);
    expect((await s.list({ status: 'open', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('deletes entries older than the retention and the oldest beyond the maximum', async () => {
    const now = new Date();
    const s = store({ retentionMs: 7 * DAY, maxEntries: 3 });
    await s.ingest(facts('old', new Date(now.getTime() - 8 * DAY)), new Uint8Array(), {});
    for (let i = 0; i < 4; i++) {
      await s.ingest(
        facts(`n${i}`, new Date(now.getTime() - (4 - i) * 1000), { domain: `d${i % 2}` }),
        new Uint8Array(),
        {},
      );
    }
    expect(await s.prune(now)).toEqual({ deleted: 2, open: 2 });
    const left = await s.list({ limit: 10, offset: 0 });
    expect(left.items.map((e) => e.id)).toEqual(['n3', 'n2', 'n1']);
    expect(await s.get('old')).toBeUndefined();
    const counts = await s.counts();
    expect(counts).toMatchObject({ total: 3, byDomain: { d0: 1, d1: 2 }, byStatus: { open: 3 } });
  });

  it('pages and filters by several indexes and a time range, newest first', async () => {
    const s = store();
    const t = (m: number): Date => new Date(Date.UTC(2024, 0, 1, 0, m));
    await s.ingest(facts('x1', t(1), { reason: 'r1' }), new Uint8Array(), {});
    await s.ingest(facts('x2', t(2), { reason: 'r2' }), new Uint8Array(), {});
    await s.ingest(facts('x3', t(3), { reason: 'r1' }), new Uint8Array(), {});
    await s.ingest(facts('x4', t(4), { reason: 'r1', component: 'saga:x' }), new Uint8Array(), {});
    const ids = async (q: Parameters<RedisDeadLetterStore['list']>[0]): Promise<string[]> =>
      (await s.list(q)).items.map((e) => e.id);
    expect(await ids({ reason: 'r1', component: 'table', limit: 10, offset: 0 })).toEqual([
      'x3',
      'x1',
    ]);
    expect(await ids({ reason: 'r1', from: t(2), to: t(4), limit: 10, offset: 0 })).toEqual([
      'x4',
      'x3',
    ]);
    expect(await ids({ limit: 2, offset: 1 })).toEqual(['x3', 'x2']);
    expect((await s.counts('open')).byReason).toEqual({ r1: 3, r2: 1 });
  });
});
