import type { Logger } from 'pino';
import type { Topics } from '../../messaging/topics';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { Clock } from '../../ports/clock.port';
import type { EventStore } from '../../ports/event-store.port';
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
}
