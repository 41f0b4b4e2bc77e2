import { describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { testRedis } from '../../../../../test/infra';
import { EventStoreAbortRegistry } from '../../runtime/failure/event-store-abort-registry';
import { abortRegistryConformance, jobQueueConformance } from '../../testing/conformance';
import { RedisAbortRegistry } from './redis-abort-registry';
import { RedisEventStore } from './redis-event-store.adapter';
import { jobQueueKeys, RedisJobQueue } from './redis-job-queue';
import { suiteRedis } from './redis-fixtures.spec';

const { client, nextPrefix } = suiteRedis('queues');

jobQueueConformance('RedisJobQueue', {
  create: () =>
    Promise.resolve(new RedisJobQueue(client, 'escalations', { keyPrefix: nextPrefix() })),
});

abortRegistryConformance('RedisAbortRegistry', {
  create: () => Promise.resolve(new RedisAbortRegistry(client, { keyPrefix: nextPrefix() })),
});

abortRegistryConformance('EventStoreAbortRegistry on RedisEventStore', {
  create: () =>
    Promise.resolve(
      new EventStoreAbortRegistry(
        new RedisEventStore(client, { keyPrefix: nextPrefix(), logger: pino({ level: 'silent' }) }),
      ),
    ),
});

describe('RedisJobQueue in Redis', () => {
  it('keeps every key of a queue under one hash tag and hands jobs to any client', async () => {
    const prefix = nextPrefix();
    const keys = Object.values(jobQueueKeys(prefix, 'deadlines'));
    const slots = keys.map(hashTag);
    expect(new Set(slots).size).toBe(1);

    const writer = new RedisJobQueue(client, 'deadlines', { keyPrefix: prefix });
    await writer.enqueue({ id: 'cmd-1', payload: '{"x":1}', dueAt: new Date(1000) });
    const other = testRedis();
    try {
      const reader = new RedisJobQueue(other, 'deadlines', { keyPrefix: prefix });
      expect(await reader.claim(new Date(1000), 5, 1000)).toEqual([
        { id: 'cmd-1', payload: '{"x":1}', dueAt: new Date(1000), attempts: 1 },
      ]);
    } finally {
      await other.quit();
    }
  });

  it('refuses a queue name that is not a plain string', () => {
    expect(() => new RedisJobQueue(client, undefined as never)).toThrow(/queue name/);
    expect(() => new RedisJobQueue(client, 'a{b}')).toThrow(/queue name/);
  });

  it('refuses an invalid time before touching Redis, and keeps the job', async () => {
    const queue = new RedisJobQueue(client, 'deadlines', { keyPrefix: nextPrefix() });
    await queue.enqueue({ id: 'j1', payload: 'p', dueAt: new Date(1000) });
    await expect(queue.reschedule('j1', new Date(NaN))).rejects.toThrow(
      'job dueAt must be a valid Date',
    );
    await expect(queue.reschedule('j1', undefined as never)).rejects.toThrow(TypeError);
    await expect(queue.claim(new Date(NaN), 1, 1000)).rejects.toThrow(
      'claim time must be a valid Date',
    );
    await expect(queue.claim(new Date(1000), 1, 0)).rejects.toThrow('leaseMs');
    expect((await queue.claim(new Date(1000), 1, 1000)).map((j) => j.id)).toEqual(['j1']);
  });

  it('refuses a malformed abort record before touching Redis', async () => {
    const registry = new RedisAbortRegistry(client, { keyPrefix: nextPrefix() });
    const record = { correlationId: 'f1', reason: 'r', at: new Date(0), domain: 'd', root: 'x' };
    await expect(registry.abort({ ...record, at: new Date(NaN) })).rejects.toThrow(
      'abort record at must be a valid Date',
    );
    await expect(registry.abort({ ...record, correlationId: '' })).rejects.toThrow(TypeError);
    expect(await registry.isAborted('f1')).toBe(false);
  });

  it('expires abort records after their retention', async () => {
    const prefix = nextPrefix();
    const registry = new RedisAbortRegistry(client, { keyPrefix: prefix, retentionMs: 60_000 });
    await registry.abort({
      correlationId: 'flow-ttl',
      reason: 'r',
      at: new Date(0),
      domain: 'table',
      root: 'x',
    });
    const ttl = await client.pttl(`${prefix}:abort:{flow-ttl}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

/** The hash tag of a key: what Redis Cluster hashes (the part inside the first `{...}`). */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}
