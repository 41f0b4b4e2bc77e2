import { SagaKitError } from './saga-kit.error';

/** An append found the stream at another sequence than expected; reload and decide again. */
export class ConcurrencyError extends SagaKitError {
  constructor(
    readonly stream: string,
    readonly expectedSequence: number,
    readonly actualSequence: number,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${stream} is at sequence ${actualSequence}, expected ${expectedSequence}`,
      { retriable: true },
    );
  }
}

export function isConcurrencyError(e: unknown): e is ConcurrencyError {
  return (
    typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'CONCURRENCY_CONFLICT'
  );
}
