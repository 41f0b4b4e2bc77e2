import { SagaKitError } from './saga-kit.error';

/** A business "no": final, never retried, routed back to the command's return address. */
export class CommandRejectedError extends SagaKitError {
  constructor(
    readonly reason: string,
    message?: string,
  ) {
    super('COMMAND_REJECTED', message ?? `command rejected: ${reason}`);
  }
}

export function isCommandRejectedError(e: unknown): e is CommandRejectedError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { code?: unknown }).code === 'COMMAND_REJECTED' &&
    typeof (e as { reason?: unknown }).reason === 'string'
  );
}
