import { SagaKitError } from './saga-kit.error';

/** An infrastructure fault worth retrying (network, broker, store unavailable). */
export class TransientError extends SagaKitError {
  constructor(message: string, cause?: unknown) {
    super('TRANSIENT', message, { retriable: true, cause });
  }
}

/** Raised when a retried operation kept failing; carries the last error as `cause`. */
export class RetriesExhaustedError extends SagaKitError {
  constructor(
    readonly attempts: number,
    cause: unknown,
  ) {
    super('RETRIES_EXHAUSTED', `gave up after ${attempts} attempts`, { retriable: false, cause });
  }
}
