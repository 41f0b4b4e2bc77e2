/**
 * The one table of transport header names. Values are human-readable strings so that
 * `kcat -J` shows a message's story without decoding the payload.
 */
export const Headers = {
  /** Unique id of this transport message; consumers dedup by it. */
  MessageId: 'message-id',
  /** `command` | `events` | `notification` | `dead-letter`. */
  Kind: 'kind',
  /** Type URL of the payload (the command, the notification's payload, or the first event). */
  MessageType: 'message-type',
  CorrelationId: 'correlation-id',
  CausationId: 'causation-id',
  /** Topic where rejections for the source aggregate go. */
  ReplyTo: 'reply-to',
  /** `domain/root@sequence` of the aggregate (and event) the message came from. */
  Source: 'source',
  Saga: 'saga',
  /** Delivery attempt, starting at 1. */
  Attempt: 'attempt',
  /** W3C trace context. */
  TraceParent: 'traceparent',
  /** Set on a message republished from the dead-letter queue: the dead letter's id. */
  ReplayedFrom: 'replayed-from',
  DlqOriginalTopic: 'dlq-original-topic',
  DlqOriginalPartition: 'dlq-original-partition',
  DlqOriginalOffset: 'dlq-original-offset',
  DlqReason: 'dlq-reason',
  DlqErrorType: 'dlq-error-type',
  DlqErrorMessage: 'dlq-error-message',
  DlqAttempts: 'dlq-attempts',
  DlqFirstFailedAt: 'dlq-first-failed-at',
  DlqLastFailedAt: 'dlq-last-failed-at',
  DlqComponent: 'dlq-component',
} as const;

export type HeaderName = (typeof Headers)[keyof typeof Headers];

/** Kinds of message carried on saga-kit topics (value of the `kind` header). */
export const MessageKinds = {
  Command: 'command',
  Events: 'events',
  Notification: 'notification',
  DeadLetter: 'dead-letter',
} as const;

export type MessageKind = (typeof MessageKinds)[keyof typeof MessageKinds];
