import { SagaKitError } from '../../errors/saga-kit.error';
import { isRetriable } from '../retry/is-retriable';
import type { PolicyStepName } from './policy-steps';

/** One failure-policy step that failed. */
export interface FailedPolicyStep {
  readonly step: PolicyStepName;
  readonly error: unknown;
}

/**
 * Some steps of a `RevocationResponse` failed (the others ran). The rejection is then not
 * recorded as handled, so the notification comes again and only the failed steps run again.
 * Retriable when every failure is (a store or broker outage); otherwise it is a fault, and the
 * notification is dead-lettered with this message.
 */
export class FailurePolicyError extends SagaKitError {
  constructor(
    readonly notificationId: string,
    readonly failures: readonly FailedPolicyStep[],
  ) {
    super(
      'FAILURE_POLICY',
      `failure policy for notification ${notificationId} incomplete: ${failures
        .map((f) => `${f.step}: ${f.error instanceof Error ? f.error.message : String(f.error)}`)
        .join('; ')}`,
      { retriable: failures.every((f) => isRetriable(f.error)), cause: failures[0]?.error },
    );
  }
}

/** Duck-typed guard for {@link FailurePolicyError}. */
export function isFailurePolicyError(e: unknown): e is FailurePolicyError {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'FAILURE_POLICY';
}
