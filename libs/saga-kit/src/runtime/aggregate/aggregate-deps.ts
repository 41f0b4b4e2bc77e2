import type { Logger } from 'pino';
import type { Topics } from '../../messaging/topics';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { Clock } from '../../ports/clock.port';
import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import type { EventStore, StreamId } from '../../ports/event-store.port';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { AggregateDefinition } from '../definition/aggregate-definition';
import type { ConflictRetryOptions } from './conflict-retry';

/** What the aggregate-side components (command runner, rejection router) work with. */
export interface AggregateDeps<S = unknown> {
  readonly definition: AggregateDefinition<S>;
  readonly store: EventStore;
  readonly registry: TypeRegistry;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  readonly conflictRetry?: ConflictRetryOptions;
  /** Called after every append that queued outbox messages (nudges the relay). */
  readonly onAppended?: () => void;
  /**
   * Called when a command was accepted, before its events are appended (write-ahead; it may run
   * again for a retried decision). The runtime journals saga-issued commands here.
   */
  readonly beforeAccept?: (book: CommandBook, stream: StreamId) => Promise<void>;
}
