import { RetriesExhaustedError } from '../../errors/transient.error';
import { backoffDelay } from './backoff';
import { isRetriable } from './is-retriable';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** Waits `ms` milliseconds; injectable so tests never really wait. */
export type Sleep = (ms: number) => Promise<void>;

/** Sleeps on a timer. */
export const timerSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Options of {@link retry}. */
export interface RetryOptions {
  policy?: RetryPolicy;
  /** Decides which errors are retried (default {@link isRetriable}). */
  retriable?: (error: unknown) => boolean;
  sleep?: Sleep;
  random?: () => number;
  /** Called before each pause, e.g. to log; its errors are ignored. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

/**
 * Runs `operation` (given the attempt number, from 1) until it succeeds. A non-retriable error is
 * rethrown at once, unchanged. When every attempt failed with retriable errors, throws
 * `RetriesExhaustedError` with the number of attempts and the last error as `cause`.
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const retriable = options.retriable ?? isRetriable;
  const sleep = options.sleep ?? timerSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!retriable(error)) throw error;
      if (attempt > policy.retries) throw new RetriesExhaustedError(attempt, error);
      const delayMs = backoffDelay(attempt, policy, options.random);
      try {
        options.onRetry?.({ error, attempt, delayMs });
      } catch {
        // A listener must not change the outcome of the operation.
      }
      await sleep(delayMs);
    }
  }
}
