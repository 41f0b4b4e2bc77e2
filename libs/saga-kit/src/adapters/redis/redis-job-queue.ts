import type { EnqueueRequest, EnqueueResult, Job, JobQueue } from '../../ports/job-queue.port';
import { assertEnqueueRequest, assertJobId } from '../../ports/validation/job-queue-validation';
import { assertValidDate } from '../../ports/validation/values';
import { assertPositiveInteger } from '../../ports/validation/values';
import type { RedisClient } from './redis-client.type';
import { withRedisErrors } from './redis-error.mapper';
import {
  ackJobScript,
  claimJobsScript,
  enqueueJobScript,
  rescheduleJobScript,
} from './redis-job-queue.scripts';
import { assertInteger, definedOnly } from './redis-options.util';
import { DEFAULT_KEY_PREFIX, assertKeyPrefix } from './redis-key-space';
import { replyArray, replyBuffer, replyInteger } from './redis-script';

/** Options of {@link RedisJobQueue}. */
export interface RedisJobQueueOptions {
  /** First segment of every key (default `sagakit`). Must not contain braces. */
  keyPrefix?: string;
  /** How long acknowledged ids are remembered as done (default 7 days). */
  doneRetentionMs?: number;
}

/** Defaults of {@link RedisJobQueueOptions}. */
export const REDIS_JOB_QUEUE_DEFAULTS = {
  keyPrefix: DEFAULT_KEY_PREFIX,
  doneRetentionMs: 7 * 24 * 60 * 60 * 1000,
} as const;

/** The keys of one queue; they share the hash tag `{name}`, so every script runs in one slot. */
export interface JobQueueKeys {
  /** Sorted set: job id scored by the time (ms) it is due or its lease ends. */
  readonly due: string;
  /** Hash: job id → payload. */
  readonly data: string;
  /** Hash: job id → times claimed. */
  readonly attempts: string;
  /** Sorted set: acknowledged job id scored by the (server) time of its ack. */
  readonly done: string;
}

/** Keys of the queue `name` under `prefix`. */
export function jobQueueKeys(prefix: string, name: string): JobQueueKeys {
  const base = `${prefix}:jobs:{${name}}`;
  return {
    due: `${base}:due`,
    data: `${base}:data`,
    attempts: `${base}:attempts`,
    done: `${base}:done`,
  };
}

/**
 * A durable job queue in Redis (standalone or Cluster): `<prefix>:jobs:{<name>}:due|data|attempts|done`.
 * Claim, ack and reschedule are Lua scripts, so two workers never claim one job at once and a
 * claim either hides and counts a job or leaves it untouched. Times of `claim` come from the
 * caller's clock; only the done-retention uses the server clock.
 */
export class RedisJobQueue implements JobQueue {
  private readonly keys: JobQueueKeys;
  private readonly retentionMs: number;

  constructor(
    private readonly client: RedisClient,
    /** Queue name, e.g. `escalations` or `deadlines`. */
    readonly name: string,
    options: RedisJobQueueOptions = {},
  ) {
    const resolved = { ...REDIS_JOB_QUEUE_DEFAULTS, ...definedOnly(options) };
    assertKeyPrefix(resolved.keyPrefix);
    // A non-string would be tested as its String(): `undefined` is a valid-looking name.
    if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new TypeError(`queue name must match [A-Za-z0-9._-]+, got ${JSON.stringify(name)}`);
    }
    assertInteger(resolved.doneRetentionMs, 'doneRetentionMs', 0);
    this.retentionMs = resolved.doneRetentionMs;
    this.keys = jobQueueKeys(resolved.keyPrefix, name);
  }

  async enqueue(job: EnqueueRequest): Promise<EnqueueResult> {
    assertEnqueueRequest(job);
    const { due, data, done } = this.keys;
    const reply = await withRedisErrors('job enqueue', () =>
      enqueueJobScript.run(
        this.client,
        [due, data, done],
        [job.id, job.payload, job.dueAt.getTime()],
      ),
    );
    return replyInteger(reply, 'job enqueue') === 1 ? 'queued' : 'duplicate';
  }

  async claim(now: Date, limit: number, leaseMs: number): Promise<Job[]> {
    assertValidDate(now, 'claim time');
    assertPositiveInteger(limit, 'limit');
    assertPositiveInteger(leaseMs, 'leaseMs');
    const { due, data, attempts } = this.keys;
    const reply = await withRedisErrors('job claim', () =>
      claimJobsScript.run(this.client, [due, data, attempts], [now.getTime(), limit, leaseMs]),
    );
    const flat = replyArray(reply, 'job claim');
    const jobs: Job[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      jobs.push({
        id: replyBuffer(flat[i], 'job id').toString('utf8'),
        payload: replyBuffer(flat[i + 1], 'job payload').toString('utf8'),
        attempts: replyInteger(flat[i + 2], 'job attempts'),
        dueAt: new Date(Number(replyBuffer(flat[i + 3], 'job due time').toString('utf8'))),
      });
    }
    return jobs;
  }

  async ack(id: string): Promise<void> {
    assertJobId(id);
    const { due, data, attempts, done } = this.keys;
    await withRedisErrors('job ack', () =>
      ackJobScript.run(this.client, [due, data, attempts, done], [id, this.retentionMs]),
    );
  }

  async reschedule(id: string, dueAt: Date): Promise<void> {
    assertJobId(id);
    assertValidDate(dueAt, 'job dueAt');
    const { due, data } = this.keys;
    await withRedisErrors('job reschedule', () =>
      rescheduleJobScript.run(this.client, [due, data], [id, dueAt.getTime()]),
    );
  }

  async size(): Promise<number> {
    return withRedisErrors('job queue size', () => this.client.zcard(this.keys.due));
  }
}
