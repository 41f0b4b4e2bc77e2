/**
 * The HTTP headers of an escalation webhook request (the transport header table is
 * `Headers` in messaging; these are HTTP headers of a different protocol).
 */
export const WebhookHeaders = {
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`; several comma-separated during key rotation. */
  Signature: 'x-sagakit-signature',
  /** Unix time in seconds at which the request was signed. */
  Timestamp: 'x-sagakit-timestamp',
  /** Stable id of the delivery: the same on every retry, for receivers to deduplicate. */
  DeliveryId: 'x-sagakit-delivery',
  /** Event type, e.g. `saga.escalated`. */
  Event: 'x-sagakit-event',
} as const;
