export { systemClock } from './clock.port';
export type { Clock } from './clock.port';
export type {
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  Subscription,
  SubscriptionOptions,
  Transport,
} from './transport.port';
export type {
  AppendRequest,
  AppendResult,
  DedupRecord,
  EventStore,
  LoadOptions,
  LoadedStream,
  Outbox,
  OutboxMessage,
  StreamId,
} from './event-store.port';
export type { AuditEntry, AuditEntryKind, AuditLog } from './audit-log.port';
export type { EnqueueRequest, EnqueueResult, Job, JobQueue } from './job-queue.port';
export type { AbortRecord, AbortRegistry } from './abort-registry.port';
