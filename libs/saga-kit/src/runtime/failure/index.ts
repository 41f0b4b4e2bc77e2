export { RevocationResponseExecutor } from './revocation-response-executor';
export type { EscalationSink, FailurePolicyDeps } from './failure-policy-deps';
export { FailurePolicyError, isFailurePolicyError } from './failure-policy.error';
export type { FailedPolicyStep } from './failure-policy.error';
export { appendSystemRevocation } from './system-revocation';
export { stepKey } from './policy-steps';
export type { PolicyStepName } from './policy-steps';
export {
  ABORTED_PREFIX,
  FRAMEWORK_ISSUER,
  abortFollowUps,
  abortPropagationId,
  abortedReason,
  isAbortPropagation,
  upstreamRejection,
} from './abort-propagation';
export type { UpstreamDeps } from './abort-propagation';
export { findTrigger, journalTrigger, triggerKey } from './trigger-journal';
export { ABORT_STREAM_DOMAIN, EventStoreAbortRegistry } from './event-store-abort-registry';
export { createFailureHandling } from './failure-handling';
export type {
  FailureHandling,
  FailureHandlingInit,
  FailureHandlingOptions,
} from './failure-handling';
