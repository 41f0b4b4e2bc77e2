import type { EnqueueRequest, EnqueueResult, Job, JobQueue } from '../../ports/job-queue.port';
import { assertEnqueueRequest, assertJobId } from '../../ports/validation/job-queue-validation';
import { assertValidDate } from '../../ports/validation/values';
import { assertPositiveInteger } from '../../ports/validation/values';

/** Options of {@link MemoryJobQueue}. */
export interface MemoryJobQueueOptions {
  /** How long acknowledged ids are remembered to turn a late re-enqueue into a duplicate (default 7 days). */
  doneRetentionMs?: number;
  /** Time source for the retention of acknowledged ids (default: the wall clock). */
  now?: () => number;
}

interface QueuedJob {
  payload: string;
  dueMs: number;
  attempts: number;
}

const DEFAULT_DONE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The embedded job queue: same contract as the Redis one (idempotent ids, leases, claim order by
 * due time then id), kept in memory, so it survives nothing but a test run.
 */
export class MemoryJobQueue implements JobQueue {
  private readonly jobs = new Map<string, QueuedJob>();
  private readonly done = new Map<string, number>();
  private readonly retentionMs: number;
  private readonly now: () => number;

  constructor(options: MemoryJobQueueOptions = {}) {
    this.retentionMs = options.doneRetentionMs ?? DEFAULT_DONE_RETENTION_MS;
    this.now = options.now ?? Date.now;
  }

  async enqueue(job: EnqueueRequest): Promise<EnqueueResult> {
    assertEnqueueRequest(job);
    if (this.done.has(job.id) || this.jobs.has(job.id)) return Promise.resolve('duplicate');
    this.jobs.set(job.id, { payload: job.payload, dueMs: job.dueAt.getTime(), attempts: 0 });
    return Promise.resolve('queued');
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<Job[]> {
    assertValidDate(now, 'claim time');
    assertPositiveInteger(limit, 'limit');
    assertPositiveInteger(leaseMs, 'leaseMs');
    const at = now.getTime();
    const due = [...this.jobs.entries()]
      .filter(([, job]) => job.dueMs <= at)
      .sort(([a, x], [b, y]) => x.dueMs - y.dueMs || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit);
    return Promise.resolve(
      due.map(([id, job]) => {
        const dueAt = new Date(job.dueMs);
        job.dueMs = at + leaseMs;
        job.attempts += 1;
        return { id, payload: job.payload, dueAt, attempts: job.attempts };
      }),
    );
  }

  async ack(id: string): Promise<void> {
    assertJobId(id);
    this.jobs.delete(id);
    const now = this.now();
    this.done.set(id, now);
    for (const [doneId, at] of this.done) if (at < now - this.retentionMs) this.done.delete(doneId);
    return Promise.resolve();
  }

  async reschedule(id: string, dueAt: Date): Promise<void> {
    assertJobId(id);
    assertValidDate(dueAt, 'job dueAt');
    const job = this.jobs.get(id);
    if (job) job.dueMs = dueAt.getTime();
    return Promise.resolve();
  }

  async size(): Promise<number> {
    return Promise.resolve(this.jobs.size);
  }
}
