/**
 * How a failing operation is retried. Delays grow exponentially from `initialDelayMs` by
 * `multiplier`, are capped at `maxDelayMs`, and are spread by ±`jitter` (a fraction) so that
 * consumers that failed together do not retry in lockstep.
 */
export interface RetryPolicy {
  /** Retries after the first attempt; `retries: 5` makes at most 6 attempts. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
  /** Fraction of the delay added or removed at random, between 0 and 1. */
  readonly jitter: number;
}

/**
 * Defaults for retrying a message in place at a consumer: 6 attempts over roughly 6 seconds
 * (200, 400, 800, 1600, 3200 ms ± 20 %). In-place retries block the message's partition, so they
 * stay short; a message still failing after them is dead-lettered.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 5,
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 10_000,
  jitter: 0.2,
});

/**
 * Defaults for deciding again after an optimistic-concurrency conflict: 5 attempts with short,
 * widely jittered pauses (5, 10, 20, 40 ms ± 50 %) so that racing writers spread out.
 */
export const CONFLICT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 4,
  initialDelayMs: 5,
  multiplier: 2,
  maxDelayMs: 100,
  jitter: 0.5,
});

/** A complete policy from partial overrides; rejects values that make no sense. */
export function retryPolicy(
  overrides: Partial<RetryPolicy> = {},
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  const policy = { ...base, ...overrides };
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new TypeError(`retries must be a non-negative integer, got ${policy.retries}`);
  }
  for (const key of ['initialDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) {
      throw new TypeError(`${key} must be a non-negative number, got ${policy[key]}`);
    }
  }
  if (!Number.isFinite(policy.multiplier) || policy.multiplier < 1) {
    throw new TypeError(`multiplier must be at least 1, got ${policy.multiplier}`);
  }
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new TypeError(`jitter must be between 0 and 1, got ${policy.jitter}`);
  }
  return Object.freeze(policy);
}
