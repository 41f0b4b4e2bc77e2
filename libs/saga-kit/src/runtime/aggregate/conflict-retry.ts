import { isConcurrencyError } from '../../errors/concurrency.error';
import { RetriesExhaustedError } from '../../errors/transient.error';
import { retry, type Sleep } from '../retry/retry';
import { CONFLICT_RETRY_POLICY, type RetryPolicy } from '../retry/retry-policy';

/** How optimistic-concurrency conflicts are retried. */
export interface ConflictRetryOptions {
  policy?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * Runs load-decide-append until it does not conflict, a bounded number of times. When conflicts
 * persist, the last `ConcurrencyError` (retriable) is rethrown for the consumer to retry later.
 */
export async function withConflictRetry<T>(
  attempt: () => Promise<T>,
  options: ConflictRetryOptions = {},
): Promise<T> {
  try {
    return await retry(attempt, {
      policy: options.policy ?? CONFLICT_RETRY_POLICY,
      retriable: isConcurrencyError,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  } catch (error) {
    if (error instanceof RetriesExhaustedError) throw error.cause;
    throw error;
  }
}
