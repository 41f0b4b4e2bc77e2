import type { Logger } from 'pino';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { AuditLog } from '../../ports/audit-log.port';
import type { Clock } from '../../ports/clock.port';
import type { EventStore, Outbox } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';
import type { FailureHandlingOptions } from '../failure/failure-handling';
import type { FallbackResponse } from '../rejection/fallback-response';
import type { NotificationPayloadHandler } from '../rejection/notification-dispatcher';
import type { Sleep } from '../retry/retry';
import type { RetryPolicy } from '../retry/retry-policy';
import type { ParkingLot } from '../consumer/parking-lot';
import type { CommandTimerOptions } from '../scheduler/command-timers';

/** Options of `createRuntime`. */
export interface RuntimeOptions extends FailureHandlingOptions {
  transport: Transport;
  store: EventStore;
  outbox: Outbox;
  audit: AuditLog;
  registry: TypeRegistry;
  /** Defaults to the wall clock. */
  clock?: Clock;
  /** Topic prefix (default `sagakit`). */
  prefix?: string;
  /** Aggregate definitions or `@Aggregate` instances; one per domain. */
  aggregates?: readonly object[];
  /** Saga definitions or `@Saga` instances; names are unique. */
  sagas?: readonly object[];
  /** Response for rejections no `@Rejected` handler claims (default: system revocation only). */
  fallback?: FallbackResponse;
  /** Handlers of notification payloads other than rejections, by full type name. */
  notificationHandlers?: Readonly<Record<string, NotificationPayloadHandler>>;
  /** In-place retries at the consumer boundary (defaults: `DEFAULT_RETRY_POLICY`). */
  retry?: Partial<RetryPolicy>;
  /** Decide-again retries on concurrency conflicts (defaults: `CONFLICT_RETRY_POLICY`). */
  conflictRetry?: Partial<RetryPolicy>;
  /** Injectable pause for retries (tests pass one that does not wait). */
  sleep?: Sleep;
  relay?: { batchSize?: number; pollIntervalMs?: number };
  /** Durable timers for saga commands issued with `deliverAt`: their queue and polling. */
  timers?: CommandTimerOptions;
  /** Larger messages are dead-lettered as `oversized` (default 1 MiB). */
  maxMessageBytes?: number;
  /** Headers every consumed message must carry (default: `message-id`). */
  requiredHeaders?: readonly string[];
  /**
   * Per-key parking queues (default: on the event store, `sagakit-parking` streams): a message
   * dead-lettered for a fault holds its key up, and the key's later messages are dead-lettered
   * as `parked` behind it until it is replayed successfully or discarded. `false` turns parking
   * off: later messages of the key are then handled, overtaking the dead letter.
   */
  parking?: ParkingLot | false;
  logger?: Logger;
}
