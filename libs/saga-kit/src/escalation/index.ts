export { WebhookHeaders } from './webhook-headers';
export {
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  SIGNATURE_SCHEME,
  computeWebhookSignature,
  signWebhook,
  verifyWebhookSignature,
} from './webhook-signature';
export type {
  VerifyWebhookOptions,
  WebhookHeaderSource,
  WebhookRejectionReason,
  WebhookVerification,
} from './webhook-signature';
export { ESCALATION_EVENT_TYPE, ESCALATION_SCHEMA, escalationPayload } from './escalation-payload';
export type { EscalationPayload } from './escalation-payload';
export {
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_RETRY_POLICY,
  resolveEscalationOptions,
} from './escalation-options';
export type {
  EscalationOptions,
  ResolvedEscalationOptions,
  WebhookAttemptEvent,
  WebhookEndpoint,
} from './escalation-options';
export { escalationDeliveryId, parseEscalationJob } from './escalation-job';
export type { EscalationJob } from './escalation-job';
export { WebhookDeliveryError, attemptWebhook } from './webhook-client';
export type { WebhookAttempt, WebhookRequest } from './webhook-client';
export { NO_ESCALATION_WEBHOOK, WebhookEscalator } from './webhook-escalator';
export type { WebhookEscalatorDeps } from './webhook-escalator';
export { EscalationDispatcher, WEBHOOK_DEAD_LETTER_REASONS } from './escalation-dispatcher';
export type { EscalationDispatcherDeps } from './escalation-dispatcher';
