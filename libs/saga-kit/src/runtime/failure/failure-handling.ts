import type { Logger } from 'pino';
import {
  resolveEscalationOptions,
  type EscalationOptions,
} from '../../escalation/escalation-options';
import { EscalationDispatcher } from '../../escalation/escalation-dispatcher';
import { WebhookEscalator } from '../../escalation/webhook-escalator';
import type { CommandBook } from '../../gen/sagakit/v1/envelope_pb';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import type { Topics } from '../../messaging/topics';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { AbortRegistry } from '../../ports/abort-registry.port';
import type { Clock } from '../../ports/clock.port';
import type { EventStore, OutboxMessage, StreamId } from '../../ports/event-store.port';
import type { JobQueue } from '../../ports/job-queue.port';
import type { ConflictRetryOptions } from '../aggregate/conflict-retry';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import type { RejectionContext } from '../definition/handler-types';
import type { FailurePolicyExecutor } from '../rejection/failure-policy-executor';
import type { NotificationPayloadHandler } from '../rejection/notification-dispatcher';
import type { SagaChainGuard } from '../saga/saga-chain-guard';
import { DeadlineScheduler } from '../scheduler/deadline-scheduler';
import { DeadlineSweeper, type DeadlineSweeperOptions } from '../scheduler/deadline-sweeper';
import { undoNotificationHandlers } from '../undo/undo-notifications';
import { abortFollowUps } from './abort-propagation';
import { EventStoreAbortRegistry } from './event-store-abort-registry';
import { RevocationResponseExecutor } from './revocation-response-executor';
import { journalTrigger } from './trigger-journal';

/** The runtime options of failure handling (see `RuntimeOptions`). */
export interface FailureHandlingOptions {
  /** Carries out `RevocationResponse`s (default: {@link RevocationResponseExecutor}). */
  failurePolicy?: FailurePolicyExecutor;
  /** Where `abort` records aborted flows; also the default saga guard (default: in the event store). */
  abortRegistry?: AbortRegistry;
  /** Consulted before sagas issue commands (default: the abort registry). */
  sagaGuard?: SagaChainGuard;
  /** Escalation webhooks; off unless `webhooks` are given, and then `queue` is required. */
  escalation?: EscalationOptions;
  /** Durable queue of saga command deadlines; without one, deadlines are logged, not enforced. */
  scheduler?: JobQueue;
  /** How the deadline sweep polls the scheduler. */
  deadlines?: DeadlineSweeperOptions;
}

/** What failure handling needs from the runtime. */
export interface FailureHandlingInit {
  readonly options: FailureHandlingOptions;
  readonly store: EventStore;
  readonly registry: TypeRegistry;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
  readonly deadLetters: DeadLetterPublisher;
  readonly conflictRetry?: ConflictRetryOptions;
  /** Nudges the outbox relay. */
  readonly onAppended: () => void;
}

/** Failure handling as the runtime plugs it in. */
export interface FailureHandling {
  readonly failurePolicy: FailurePolicyExecutor;
  readonly abortRegistry: AbortRegistry;
  readonly sagaGuard: SagaChainGuard;
  readonly escalations: EscalationDispatcher;
  readonly deadlines: DeadlineSweeper;
  /** For `SagaDeps.beforeIssue`: schedules command deadlines. */
  readonly beforeIssue: (books: readonly CommandBook[]) => Promise<void>;
  /** For `AggregateDeps.beforeAccept`: journals saga-issued commands (abort propagation). */
  readonly beforeAccept: (book: CommandBook, stream: StreamId) => Promise<void>;
  /** For `RejectionRouterOptions.followUps`: relays aborts travelling upstream. */
  readonly followUps: (
    rejection: RejectionContext,
    stream: StreamId,
    response?: RevocationResponse,
  ) => Promise<OutboxMessage[]>;
  /** `Revocation` and `Compensate` notification payload handlers. */
  readonly notificationHandlers: Readonly<Record<string, NotificationPayloadHandler>>;
  /** Starts the webhook dispatcher and the deadline sweep. */
  start(): void;
  stop(): Promise<void>;
}

/** Builds the failure handling of one runtime, with defaults that work in memory. */
export function createFailureHandling(init: FailureHandlingInit): FailureHandling {
  const { options, store, clock, audit, deadLetters, logger } = init;
  const abortRegistry = options.abortRegistry ?? new EventStoreAbortRegistry(store);
  const escalation = resolveEscalationOptions(options.escalation);
  const escalations = new EscalationDispatcher({
    options: escalation,
    clock,
    audit,
    deadLetters,
    logger: logger.child({ component: 'escalations' }),
  });
  const escalator = new WebhookEscalator({
    endpoints: escalation.endpoints,
    queue: escalation.queue,
    clock,
    audit,
    deadLetters,
    logger,
    onQueued: () => escalations.nudge(),
  });
  const failurePolicy =
    options.failurePolicy ??
    new RevocationResponseExecutor({
      store,
      registry: init.registry,
      topics: init.topics,
      clock,
      audit,
      logger: logger.child({ component: 'failure-policy' }),
      deadLetters,
      abortRegistry,
      escalation: escalator,
      onAppended: init.onAppended,
      ...(init.conflictRetry ? { conflictRetry: init.conflictRetry } : {}),
    });
  const scheduler = new DeadlineScheduler(options.scheduler, logger);
  const deadlines = new DeadlineSweeper(
    {
      queue: options.scheduler,
      store,
      topics: init.topics,
      clock,
      audit,
      logger: logger.child({ component: 'deadlines' }),
      onAppended: init.onAppended,
    },
    options.deadlines,
  );
  return {
    failurePolicy,
    abortRegistry,
    sagaGuard: options.sagaGuard ?? abortRegistry,
    escalations,
    deadlines,
    beforeIssue: (books) => scheduler.schedule(books),
    beforeAccept: (book, stream) => journalTrigger(store, stream, book),
    followUps: abortFollowUps({ store, topics: init.topics, clock, audit, logger }),
    notificationHandlers: undoNotificationHandlers(),
    start() {
      escalations.start();
      deadlines.start();
    },
    async stop() {
      await Promise.all([escalations.stop(), deadlines.stop()]);
    },
  };
}
