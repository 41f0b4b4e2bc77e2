import { HttpException, HttpStatus } from '@nestjs/common';
import { isSagaKitError, type SagaKitErrorCode } from '../../errors/saga-kit.error';

/** The JSON body of every gateway error: never a stack trace. */
export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** saga-kit's error code, when the error is one of saga-kit's. */
  code?: string;
  /** Whether the same request may succeed later. */
  retriable?: boolean;
}

// Codes not listed (added later) are 500s until they are mapped here.
const STATUS_BY_CODE: Partial<Record<SagaKitErrorCode, HttpStatus>> = {
  UNKNOWN_MESSAGE_TYPE: HttpStatus.BAD_REQUEST,
  POISON_MESSAGE: HttpStatus.BAD_REQUEST,
  HANDLER_NOT_FOUND: HttpStatus.BAD_REQUEST,
  INVALID_UNDO_REQUEST: HttpStatus.BAD_REQUEST,
  CONFIGURATION: HttpStatus.BAD_REQUEST,
  COMMAND_REJECTED: HttpStatus.CONFLICT,
  CONCURRENCY_CONFLICT: HttpStatus.CONFLICT,
  TRANSIENT: HttpStatus.SERVICE_UNAVAILABLE,
  RETRIES_EXHAUSTED: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * Maps an error to a status and a body. Client errors and saga-kit errors say what happened;
 * anything else is a 500 whose message points to the logs (where the stack is). A malformed JSON
 * body never gets here: Nest turns the body parser's error into a 400 before any route runs.
 */
export function toHttpError(error: unknown): HttpErrorBody {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : (messageOf((response as { message?: unknown }).message) ?? error.message);
    return { statusCode: status, error: reasonPhrase(status), message };
  }
  if (isSagaKitError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      statusCode: status,
      error: reasonPhrase(status),
      message: error.message,
      code: error.code,
      retriable: error.retriable,
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: reasonPhrase(HttpStatus.INTERNAL_SERVER_ERROR),
    message: 'internal error: the service logs have the details',
  };
}

function messageOf(message: unknown): string | undefined {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (typeof name !== 'string') return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
