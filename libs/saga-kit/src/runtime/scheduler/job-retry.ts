import type { Job, JobQueue } from '../../ports/job-queue.port';
import { backoffDelay } from '../retry/backoff';
import { DEFAULT_RETRY_POLICY } from '../retry/retry-policy';

/**
 * Makes a claimed job that could not be handled due again after a backoff that grows with its
 * claims (the consumer's retry policy, its growth stopped after 10 claims); resolves with the
 * delay. The job keeps its id and attempt count: it is still at-least-once, just later.
 */
export async function retryJobLater(queue: JobQueue, job: Job, now: Date): Promise<number> {
  const delayMs = backoffDelay(Math.min(job.attempts, 10), DEFAULT_RETRY_POLICY);
  await queue.reschedule(job.id, new Date(now.getTime() + delayMs));
  return delayMs;
}
