import type { Logger } from 'pino';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import type { RejectionContext } from '../definition/handler-types';

/**
 * Carries out a `RevocationResponse` (system revocation event, dead letter, escalation, abort).
 * Called before the rejection is recorded as handled, so a crash or a thrown error makes the
 * notification come again and `execute` run again: implementations must be idempotent (derive
 * their ids from `rejection.notificationId`).
 */
export interface FailurePolicyExecutor {
  execute(response: RevocationResponse, rejection: RejectionContext, state: unknown): Promise<void>;
}

/**
 * An executor that acts on nothing: the response is already in the audit trail
 * (`revocation.delegated`); this only logs it. The runtime's default, which carries out the
 * flags, is `RevocationResponseExecutor`.
 */
export class RecordOnlyFailurePolicy implements FailurePolicyExecutor {
  constructor(private readonly logger?: Logger) {}

  execute(response: RevocationResponse, rejection: RejectionContext): Promise<void> {
    this.logger?.warn(
      {
        correlationId: rejection.correlationId,
        domain: rejection.source.domain,
        commandType: rejection.commandType,
        reason: response.reason,
        emitSystemRevocation: response.emitSystemRevocation,
        sendToDeadLetter: response.sendToDeadLetterQueue,
        escalate: response.escalate,
        abort: response.abort,
      },
      'revocation response recorded; no failure policy executor is configured',
    );
    return Promise.resolve();
  }
}
