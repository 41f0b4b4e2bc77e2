import {
  BadRequestException,
  ConflictException,
  HttpException,
  NotFoundException,
} from '@nestjs/common';
import { isDeadLetterFilterError } from '@saga-kit/core';

/** The library's refusals (the entry, not a fault, stops the action), by error name. */
const REFUSALS: Record<string, new (message: string) => HttpException> = {
  DeadLetterNotFoundError: NotFoundException,
  DeadLetterStateError: ConflictException,
  NotReplayableError: ConflictException,
};

/** Whether the entry itself refused the action: missing, discarded, in progress, not replayable. */
export function isRefusal(error: unknown): error is Error {
  return error instanceof Error && Object.hasOwn(REFUSALS, error.name);
}

/** Maps the library's dead-letter errors to HTTP answers; anything else is rethrown as is. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof HttpException || !(error instanceof Error)) return error;
  if (isDeadLetterFilterError(error)) return new BadRequestException(error.message);
  return isRefusal(error) ? new REFUSALS[error.name]!(error.message) : error;
}

/** Runs `action`, answering the library's errors with their HTTP status. */
export async function http<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toHttpError(error);
  }
}

/**
 * Who acts, from the optional `x-operator` header (for the audit trail): `operator` without one;
 * a header that is not a short name is refused rather than recorded as someone else.
 */
export function actorOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return 'operator';
  if (!/^[\w .@-]{1,64}$/.test(value)) {
    throw new BadRequestException(
      'x-operator must be 1-64 letters, digits, spaces or . @ - _ (who acts, for the audit trail)',
    );
  }
  return value;
}
