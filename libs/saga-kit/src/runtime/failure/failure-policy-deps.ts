import type { Logger } from 'pino';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import type { Topics } from '../../messaging/topics';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { AbortRegistry } from '../../ports/abort-registry.port';
import type { Clock } from '../../ports/clock.port';
import type { EventStore } from '../../ports/event-store.port';
import type { ConflictRetryOptions } from '../aggregate/conflict-retry';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import type { RejectionContext } from '../definition/handler-types';

/** Queues an escalation for delivery off the command path (see the escalation webhooks). */
export interface EscalationSink {
  escalate(rejection: RejectionContext, response: RevocationResponse): Promise<void>;
}

/** What the failure-policy executor works with. */
export interface FailurePolicyDeps {
  readonly store: EventStore;
  readonly registry: TypeRegistry;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterPublisher;
  readonly abortRegistry: AbortRegistry;
  readonly escalation: EscalationSink;
  readonly conflictRetry?: ConflictRetryOptions;
  /** Called after an append that queued outbox messages (nudges the relay). */
  readonly onAppended?: () => void;
}
