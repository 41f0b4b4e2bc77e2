import { isCommandRejectedError } from '../../errors/command-rejected.error';

/**
 * Whether an error is worth retrying. Only errors that say so (`retriable: true`, the flag of
 * saga-kit and kafkajs errors) are: a business rejection is final, and programming errors
 * (`TypeError`, `RangeError`, ...) or unknown faults would fail the same way again. Adapters wrap
 * infrastructure failures in `TransientError` to make them retriable.
 */
export function isRetriable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (isCommandRejectedError(error)) return false;
  if (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof SyntaxError ||
    error instanceof ReferenceError
  ) {
    return false;
  }
  return (error as { retriable?: unknown }).retriable === true;
}
