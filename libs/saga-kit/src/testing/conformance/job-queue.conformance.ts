import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { JobQueue } from '../../ports/job-queue.port';
import { testTimeout, type ConformanceFactory } from './conformance-factory';
import { expectTypeError } from './fixtures';

/** How the job-queue suite gets a fresh, empty queue for each test. */
export type JobQueueConformanceFactory = ConformanceFactory<JobQueue>;

const T0 = Date.UTC(2024, 0, 1, 12);
const at = (ms: number): Date => new Date(T0 + ms);

/** Declares the jest tests every `JobQueue` adapter must pass. */
export function jobQueueConformance(name: string, factory: JobQueueConformanceFactory): void {
  describe(`${name} honours the JobQueue contract`, () => {
    const timeout = testTimeout(factory);
    let current: JobQueue | undefined;
    beforeEach(async () => {
      current = await factory.create();
    });
    afterEach(async () => {
      const queue = current;
      current = undefined;
      if (queue) await factory.dispose?.(queue);
    });
    const queue = (): JobQueue => {
      if (!current) throw new Error('the queue is only available inside a test');
      return current;
    };

    it(
      'hands out a job only once it is due, oldest due first, at most `limit`',
      async () => {
        await queue().enqueue({ id: 'late', payload: 'L', dueAt: at(300) });
        await queue().enqueue({ id: 'b', payload: 'B', dueAt: at(100) });
        await queue().enqueue({ id: 'a', payload: 'A', dueAt: at(50) });
        expect(await queue().claim(at(49), 10, 1000)).toEqual([]);
        const first = await queue().claim(at(200), 1, 1000);
        expect(first).toEqual([{ id: 'a', payload: 'A', dueAt: at(50), attempts: 1 }]);
        const second = await queue().claim(at(200), 10, 1000);
        expect(second.map((j) => [j.id, j.payload, j.attempts])).toEqual([['b', 'B', 1]]);
        expect(await queue().size()).toBe(3);
      },
      timeout,
    );

    it(
      'queues an id once: again while queued, and again after its ack, are duplicates',
      async () => {
        expect(await queue().enqueue({ id: 'j', payload: '1', dueAt: at(0) })).toBe('queued');
        expect(await queue().enqueue({ id: 'j', payload: '2', dueAt: at(0) })).toBe('duplicate');
        const [job] = await queue().claim(at(0), 10, 1000);
        expect(job?.payload).toBe('1');
        await queue().ack('j');
        expect(await queue().enqueue({ id: 'j', payload: '3', dueAt: at(0) })).toBe('duplicate');
        expect(await queue().claim(at(10_000), 10, 1000)).toEqual([]);
        expect(await queue().size()).toBe(0);
      },
      timeout,
    );

    it(
      'hides a claimed job for its lease, then hands it out again with the attempt counted',
      async () => {
        await queue().enqueue({ id: 'j', payload: 'p', dueAt: at(0) });
        expect((await queue().claim(at(0), 10, 500)).map((j) => j.attempts)).toEqual([1]);
        expect(await queue().claim(at(499), 10, 500)).toEqual([]);
        const again = await queue().claim(at(500), 10, 500);
        expect(again).toEqual([{ id: 'j', payload: 'p', dueAt: at(500), attempts: 2 }]);
      },
      timeout,
    );

    it(
      'reschedules a job, keeping its attempts; unknown ids are ignored',
      async () => {
        await queue().enqueue({ id: 'j', payload: 'p', dueAt: at(0) });
        await queue().claim(at(0), 10, 60_000);
        await queue().reschedule('j', at(2000));
        await queue().reschedule('missing', at(0));
        expect(await queue().claim(at(1999), 10, 1000)).toEqual([]);
        expect(await queue().claim(at(2000), 10, 1000)).toEqual([
          { id: 'j', payload: 'p', dueAt: at(2000), attempts: 2 },
        ]);
        expect(await queue().size()).toBe(1);
        await queue().ack('missing');
        expect(await queue().size()).toBe(1);
      },
      timeout,
    );

    it(
      'never hands one job to two workers claiming at once',
      async () => {
        const ids = Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
        for (const id of ids) await queue().enqueue({ id, payload: id, dueAt: at(0) });
        const claims = await Promise.all(
          Array.from({ length: 5 }, () => queue().claim(at(0), 7, 60_000)),
        );
        const claimed = claims.flat().map((j) => j.id);
        expect(claimed.sort()).toEqual(ids);
      },
      timeout,
    );

    it(
      'refuses a malformed job, job id, time, limit or lease with a TypeError, changing nothing',
      async () => {
        await queue().enqueue({ id: 'kept', payload: 'p', dueAt: at(0) });
        const untyped = <T>(value: unknown): T => value as T;
        for (const job of [null, undefined, 'job']) {
          await expectTypeError(() => queue().enqueue(untyped(job)), /job must be an object/);
        }
        for (const id of ['', undefined, null, 42, 'job\ud800']) {
          const jobId = untyped<string>(id);
          await expectTypeError(
            () => queue().enqueue({ id: jobId, payload: 'p', dueAt: at(0) }),
            /job id/,
          );
          await expectTypeError(() => queue().ack(jobId), /job id/);
          await expectTypeError(() => queue().reschedule(jobId, at(0)), /job id/);
        }
        for (const payload of [42, undefined, 'p\ud800']) {
          await expectTypeError(
            () => queue().enqueue({ id: 'j', payload: untyped(payload), dueAt: at(0) }),
            /job payload/,
          );
        }
        for (const date of [new Date(Number.NaN), T0, undefined]) {
          await expectTypeError(
            () => queue().enqueue({ id: 'j', payload: 'p', dueAt: untyped(date) }),
            /job dueAt/,
          );
          await expectTypeError(() => queue().reschedule('kept', untyped(date)), /job dueAt/);
          await expectTypeError(() => queue().claim(untyped(date), 1, 1000), /claim time/);
        }
        for (const bad of [0, -1, 1.5, '1', undefined]) {
          await expectTypeError(() => queue().claim(at(0), untyped(bad), 1000), /limit/);
          await expectTypeError(() => queue().claim(at(0), 1, untyped(bad)), /leaseMs/);
        }
        expect(await queue().size()).toBe(1);
        expect(await queue().claim(at(0), 10, 1000)).toEqual([
          { id: 'kept', payload: 'p', dueAt: at(0), attempts: 1 },
        ]);
      },
      timeout,
    );
  });
}
