import { SagaKitError } from './saga-kit.error';

/** A Revocation or Compensate request that cannot be carried out, with the reason why. */
export class InvalidUndoRequestError extends SagaKitError {
  constructor(message: string) {
    super('INVALID_UNDO_REQUEST', message);
  }
}

export function isInvalidUndoRequestError(e: unknown): e is InvalidUndoRequestError {
  return (
    typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'INVALID_UNDO_REQUEST'
  );
}
