export { DEFAULT_RETRY_POLICY, CONFLICT_RETRY_POLICY, retryPolicy } from './retry-policy';
export type { RetryPolicy } from './retry-policy';
export { backoffDelay } from './backoff';
export { isRetriable } from './is-retriable';
export { retry, timerSleep } from './retry';
export type { RetryOptions, Sleep } from './retry';
