import { create } from '@bufbuild/protobuf';
import { RevocationResponseSchema, type RevocationResponse } from '../../gen/sagakit/v1/failure_pb';

/** What a `@Rejected` handler asks the framework to do when business logic cannot compensate. */
export interface DelegationOptions {
  /** Why business logic gave up; recorded and carried into the system events. */
  reason: string;
  /** Append a `SagaCompensationFailed` event to the source stream. */
  emitSystemRevocation?: boolean;
  /** Publish a dead letter to the domain's DLQ for manual review. */
  sendToDeadLetter?: boolean;
  /** Call the configured escalation webhook. */
  escalate?: boolean;
  /** Stop the saga chain for the correlation id and propagate the rejection upstream. */
  abort?: boolean;
}

/** A `@Rejected` handler's return value that hands the rejection to the failure policy. */
export function delegateToFramework(options: DelegationOptions): RevocationResponse {
  if (typeof options.reason !== 'string' || options.reason === '') {
    throw new TypeError('delegateToFramework needs a reason');
  }
  return create(RevocationResponseSchema, {
    reason: options.reason,
    emitSystemRevocation: options.emitSystemRevocation ?? false,
    sendToDeadLetterQueue: options.sendToDeadLetter ?? false,
    escalate: options.escalate ?? false,
    abort: options.abort ?? false,
  });
}

/** Whether a handler's return value is a `RevocationResponse`. */
export function isRevocationResponse(value: unknown): value is RevocationResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $typeName?: unknown }).$typeName === RevocationResponseSchema.typeName
  );
}
