import { create } from '@bufbuild/protobuf';
import { RevocationResponseSchema, type RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import type { RejectionContext } from '../definition/handler-types';

/** What happens to a rejection no `@Rejected` handler claims: a fixed response or a function. */
export type FallbackResponse =
  RevocationResponse | ((rejection: RejectionContext, missing: string) => RevocationResponse);

/** `no @Rejected handler for table/DeductFromPlayerStack on hand` */
export function missingHandlerReason(rejection: RejectionContext): string {
  return `no @Rejected handler for ${rejection.target.domain}/${rejection.commandType} on ${rejection.source.domain}`;
}

/** The default fallback: emit the system revocation event, with a reason naming what is missing. */
export const DEFAULT_FALLBACK_RESPONSE: FallbackResponse = (_rejection, missing) =>
  create(RevocationResponseSchema, { emitSystemRevocation: true, reason: missing });

/** The response for an unclaimed rejection; a fixed response without a reason gets the default one. */
export function resolveFallback(
  fallback: FallbackResponse,
  rejection: RejectionContext,
): RevocationResponse {
  const missing = missingHandlerReason(rejection);
  if (typeof fallback === 'function') return fallback(rejection, missing);
  return create(RevocationResponseSchema, {
    emitSystemRevocation: fallback.emitSystemRevocation,
    sendToDeadLetterQueue: fallback.sendToDeadLetterQueue,
    escalate: fallback.escalate,
    abort: fallback.abort,
    reason: fallback.reason || missing,
  });
}
