import { InvalidUndoRequestError } from '../../errors/invalid-undo-request.error';

/** Why one part of an undo request is invalid. */
export type UndoProblemCode =
  | 'no_sequences'
  | 'no_reason'
  | 'invalid_sequence'
  | 'duplicate_sequence'
  | 'unknown_sequence'
  | 'marker'
  | 'already_revoked'
  | 'already_compensated'
  | 'no_compensate_handler';

/** One reason an undo request is refused. */
export interface UndoProblem {
  readonly code: UndoProblemCode;
  readonly sequence?: number;
  readonly message: string;
}

/** An invalid Revocation or Compensate request, listing every problem found. */
export class UndoValidationError extends InvalidUndoRequestError {
  constructor(
    readonly stream: string,
    readonly problems: readonly UndoProblem[],
  ) {
    super(`invalid undo request for ${stream}: ${problems.map((p) => p.message).join('; ')}`);
  }
}
