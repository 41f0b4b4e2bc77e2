import { describe, expect, it } from '@jest/globals';
import { abortRegistryConformance, jobQueueConformance } from '../../testing/conformance';
import { EventStoreAbortRegistry } from '../../runtime/failure/event-store-abort-registry';
import { MemoryAbortRegistry } from './memory-abort-registry';
import { MemoryEventStore } from './memory-event-store';
import { MemoryJobQueue } from './memory-job-queue';

const waitTimeoutMs = 3_000;

jobQueueConformance('MemoryJobQueue', {
  create: () => Promise.resolve(new MemoryJobQueue()),
  waitTimeoutMs,
});

abortRegistryConformance('MemoryAbortRegistry', {
  create: () => Promise.resolve(new MemoryAbortRegistry()),
  waitTimeoutMs,
});

abortRegistryConformance('EventStoreAbortRegistry on MemoryEventStore', {
  create: () => Promise.resolve(new EventStoreAbortRegistry(new MemoryEventStore())),
  waitTimeoutMs,
});

describe('MemoryJobQueue', () => {
  it('refuses an invalid time instead of losing the job to it', async () => {
    const queue = new MemoryJobQueue();
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
});

describe('MemoryAbortRegistry', () => {
  it('refuses a malformed record with a TypeError naming the field', async () => {
    const registry = new MemoryAbortRegistry();
    const record = { correlationId: 'f1', reason: 'r', at: new Date(0), domain: 'd', root: 'x' };
    await expect(registry.abort({ ...record, correlationId: '' })).rejects.toThrow(
      'an abort record needs a correlation id',
    );
    await expect(registry.abort({ ...record, at: new Date(NaN) })).rejects.toThrow(
      'abort record at must be a valid Date',
    );
    await expect(registry.abort({ ...record, at: undefined as never })).rejects.toThrow(TypeError);
    await expect(registry.abort(null as never)).rejects.toThrow(TypeError);
    expect(await registry.isAborted('f1')).toBe(false);
  });
});
