import { SagaKitError } from './saga-kit.error';

/** Why a message can never be handled, however often it is retried. */
export type PoisonReason =
  | 'undecodable'
  | 'unknown_type'
  | 'missing_header'
  | 'oversized'
  | 'invalid_return_address'
  | 'invalid_message'
  | 'invalid_undo_request';

/** A message that can never be handled: dead-lettered with its raw bytes, never retried. */
export class PoisonMessageError extends SagaKitError {
  constructor(
    readonly reason: PoisonReason,
    message: string,
    cause?: unknown,
  ) {
    super('POISON_MESSAGE', message, { retriable: false, cause });
  }
}

export function isPoisonMessageError(e: unknown): e is PoisonMessageError {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'POISON_MESSAGE';
}
