/** Stable machine-readable error codes of saga-kit. */
export type SagaKitErrorCode =
  | 'COMMAND_REJECTED'
  | 'CONCURRENCY_CONFLICT'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'POISON_MESSAGE'
  | 'INVALID_UNDO_REQUEST'
  | 'HANDLER_NOT_FOUND'
  | 'CONFIGURATION'
  | 'RETRIES_EXHAUSTED'
  | 'TRANSIENT'
  | 'FAILURE_POLICY'
  | 'WEBHOOK_DELIVERY';

/** Options shared by every saga-kit error. */
export interface SagaKitErrorOptions {
  retriable?: boolean;
  cause?: unknown;
}

/** Root of saga-kit's error hierarchy: every error carries a `code`, a `retriable` flag and an optional `cause`. */
export class SagaKitError extends Error {
  readonly code: SagaKitErrorCode;
  readonly retriable: boolean;
  override readonly cause: unknown;

  constructor(code: SagaKitErrorCode, message: string, options: SagaKitErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.cause = options.cause;
  }
}

/** Duck-typed guard: works for errors that crossed a process boundary serialised. */
export function isSagaKitError(e: unknown): e is SagaKitError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    typeof (e as { retriable?: unknown }).retriable === 'boolean'
  );
}
