import type { RetryPolicy } from './retry-policy';

/**
 * Delay before retry number `retry` (1 for the first retry): exponential, capped, jittered.
 * `random` returns a number in [0, 1); pass a fixed one for reproducible delays.
 */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(retry) || retry < 1) {
    throw new TypeError(`retry must be a positive integer, got ${retry}`);
  }
  const exponential = policy.initialDelayMs * policy.multiplier ** (retry - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  const spread = capped * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(capped + spread, policy.maxDelayMs)));
}
