import type { EnqueueRequest } from '../job-queue.port';
import { assertId, assertValidDate, assertWellFormed } from './values';

/** Checks an enqueue request; shared by the queue implementations. */
export function assertEnqueueRequest(job: unknown): asserts job is EnqueueRequest {
  if (typeof job !== 'object' || job === null) throw new TypeError('job must be an object');
  const j = job as Partial<Record<keyof EnqueueRequest, unknown>>;
  assertJobId(j.id);
  if (typeof j.payload !== 'string') throw new TypeError('job payload must be a string');
  assertWellFormed(j.payload, 'job payload');
  assertValidDate(j.dueAt, 'job dueAt');
}

/** Checks a job id given to `enqueue`, `ack` or `reschedule`; shared by the queue implementations. */
export function assertJobId(id: unknown): asserts id is string {
  assertId(id, 'job id');
}
