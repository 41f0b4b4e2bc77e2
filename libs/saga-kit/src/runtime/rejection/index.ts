export { delegateToFramework, isRevocationResponse } from './delegate-to-framework';
export type { DelegationOptions } from './delegate-to-framework';
export { RecordOnlyFailurePolicy } from './failure-policy-executor';
export type { FailurePolicyExecutor } from './failure-policy-executor';
export {
  DEFAULT_FALLBACK_RESPONSE,
  missingHandlerReason,
  resolveFallback,
} from './fallback-response';
export type { FallbackResponse } from './fallback-response';
export { RejectionRouter } from './rejection-router';
export type { RejectionHandled, RejectionRouterOptions } from './rejection-router';
export { NotificationDispatcher } from './notification-dispatcher';
export type { NotificationPayloadHandler } from './notification-dispatcher';
