import { pino, type Logger } from 'pino';
import { ConfigurationError } from '../../errors/configuration.error';
import type { CommandBook, CommandOutcome } from '../../gen/sagakit/v1/envelope_pb';
import { Topics } from '../../messaging/topics';
import type { AuditEntry } from '../../ports/audit-log.port';
import { systemClock, type Clock } from '../../ports/clock.port';
import type { Subscription } from '../../ports/transport.port';
import { AggregateRunner } from '../aggregate/aggregate-runner';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import type { ConflictRetryOptions } from '../aggregate/conflict-retry';
import type { LoadedAggregate } from '../aggregate/stream-loader';
import { AuditRecorder } from '../audit/audit-recorder';
import { ConsumerBoundary } from '../consumer/consumer-boundary';
import { EventStoreParkingLot, type ParkingLot } from '../consumer/parking-lot';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import type { AggregateDefinition } from '../definition/aggregate-definition';
import { toAggregateDefinition, toSagaDefinition } from '../definition/definition-of-instance';
import type { SagaDefinition } from '../definition/saga-definition';
import { createFailureHandling, type FailureHandling } from '../failure/failure-handling';
import { OutboxRelay } from '../outbox/outbox-relay';
import { DEFAULT_FALLBACK_RESPONSE } from '../rejection/fallback-response';
import { NotificationDispatcher } from '../rejection/notification-dispatcher';
import { RejectionRouter } from '../rejection/rejection-router';
import { CONFLICT_RETRY_POLICY, DEFAULT_RETRY_POLICY, retryPolicy } from '../retry/retry-policy';
import { SagaRunner } from '../saga/saga-runner';
import { CommandTimers } from '../scheduler/command-timers';
import { createUndoApi, type UndoApi } from '../undo/undo-api';
import { UndoService } from '../undo/undo-service';
import { aggregateHandler, describeByTopic, sagaHandler } from './consumer-handlers';
import type { RuntimeOptions } from './runtime-options';

interface AggregateUnit {
  readonly definition: AggregateDefinition;
  readonly runner: AggregateRunner;
  readonly notifications: NotificationDispatcher;
  readonly router: RejectionRouter;
  readonly undo: UndoService;
}

/**
 * One service's saga-kit runtime: the aggregates' command and notification consumers, the
 * sagas' event consumers, and the outbox relay, all behind the consumer boundary.
 */
export class SagaKitRuntime {
  /** Topic naming for this runtime's prefix. */
  readonly topics: Topics;
  readonly relay: OutboxRelay;
  readonly auditRecorder: AuditRecorder;
  readonly deadLetters: DeadLetterPublisher;
  /** Failure policy, abort registry, escalation webhooks and command deadlines. */
  readonly failure: FailureHandling;
  /** Revocation and Compensate on request, for aggregates hosted by this runtime. */
  readonly undo: UndoApi;
  /** Durable timers: saga commands issued with `deliverAt`, published when due. */
  readonly timers: CommandTimers;
  /** Per-key parking queues of the consumers (undefined when parking is off). */
  readonly parking: ParkingLot | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  /** How every load-decide-append of this runtime retries its conflicts. */
  private readonly conflictRetry: ConflictRetryOptions;
  private readonly aggregatesByDomain = new Map<string, AggregateUnit>();
  private readonly sagasByName = new Map<string, SagaRunner>();
  private subscriptions: Subscription[] = [];
  private starting: Promise<void> | undefined;

  constructor(private readonly options: RuntimeOptions) {
    this.topics = new Topics(options.prefix);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? pino({ name: 'saga-kit' });
    this.conflictRetry = {
      policy: retryPolicy(options.conflictRetry, CONFLICT_RETRY_POLICY),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    };
    this.auditRecorder = new AuditRecorder(options.audit, this.clock, this.logger);
    this.parking =
      options.parking === false
        ? undefined
        : (options.parking ?? new EventStoreParkingLot(options.store, this.clock));
    this.deadLetters = new DeadLetterPublisher(
      options.transport,
      this.topics,
      this.auditRecorder,
      this.logger,
    );
    this.relay = new OutboxRelay({
      outbox: options.outbox,
      transport: options.transport,
      logger: this.logger,
      ...options.relay,
    });
    this.failure = createFailureHandling({
      options,
      store: options.store,
      registry: options.registry,
      topics: this.topics,
      clock: this.clock,
      audit: this.auditRecorder,
      logger: this.logger,
      deadLetters: this.deadLetters,
      conflictRetry: this.conflictRetry,
      onAppended: () => this.relay.nudge(),
    });
    this.timers = new CommandTimers(
      {
        transport: options.transport,
        topics: this.topics,
        clock: this.clock,
        logger: this.logger.child({ component: 'timers' }),
      },
      options.timers,
    );
    this.undo = createUndoApi((domain) => this.unit(domain).undo, options.store, options.registry);
    this.register(options);
  }

  /**
   * Adds aggregates and sagas (definitions or decorated instances) after construction, as a DI
   * container's discovery finds them; only before `start()`.
   */
  register(sources: { aggregates?: readonly object[]; sagas?: readonly object[] }): void {
    if (this.starting) {
      throw new ConfigurationError('aggregates and sagas must be registered before start()');
    }
    for (const source of sources.aggregates ?? []) this.addAggregate(toAggregateDefinition(source));
    for (const source of sources.sagas ?? []) this.addSaga(toSagaDefinition(source));
  }

  /** Subscribes every consumer (aggregates: group `{prefix}.{domain}.aggregate`; sagas: `{prefix}.saga.{name}`) and starts the relay and the timers. */
  start(): Promise<void> {
    this.starting ??= this.subscribeAll();
    return this.starting;
  }

  /** Closes the subscriptions (each after its in-flight message) and stops the relay. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    this.starting = undefined;
    await Promise.all(subscriptions.map((s) => s.close()));
    await Promise.all([this.failure.stop(), this.timers.stop()]);
    await this.relay.stop();
  }

  /** Handles a command in this process (for gateways and tests) and returns its outcome. */
  send(book: CommandBook): Promise<CommandOutcome> {
    const domain = book.cover?.domain ?? '';
    return this.unit(domain).runner.handleCommand(book);
  }

  /** The current state of an aggregate. */
  load(domain: string, root: string): Promise<LoadedAggregate<unknown>> {
    return this.unit(domain).runner.load(root);
  }

  /** Every audit entry of a correlation id, oldest first. */
  timeline(correlationId: string): Promise<AuditEntry[]> {
    return this.auditRecorder.timeline(correlationId);
  }

  /** The runner of an aggregate domain. */
  aggregate(domain: string): AggregateRunner {
    return this.unit(domain).runner;
  }

  /** The rejection router of an aggregate domain. */
  rejections(domain: string): RejectionRouter {
    return this.unit(domain).router;
  }

  /** The runner of a saga. */
  saga(name: string): SagaRunner {
    const runner = this.sagasByName.get(name);
    if (!runner) throw new ConfigurationError(`no saga named ${name} in this runtime`);
    return runner;
  }

  get domains(): string[] {
    return [...this.aggregatesByDomain.keys()];
  }

  private unit(domain: string): AggregateUnit {
    const unit = this.aggregatesByDomain.get(domain);
    if (!unit)
      throw new ConfigurationError(
        `no aggregate for domain ${JSON.stringify(domain)} in this runtime`,
      );
    return unit;
  }

  private addAggregate(definition: AggregateDefinition): void {
    const existing = this.aggregatesByDomain.get(definition.domain);
    if (existing) {
      throw new ConfigurationError(
        `two aggregates for domain ${definition.domain}: ${existing.definition.name} and ${definition.name}`,
      );
    }
    const o = this.options;
    const deps: AggregateDeps = {
      definition,
      store: o.store,
      registry: o.registry,
      topics: this.topics,
      clock: this.clock,
      audit: this.auditRecorder,
      logger: this.logger.child({ component: definition.domain }),
      conflictRetry: this.conflictRetry,
      onAppended: () => this.relay.nudge(),
      beforeAccept: this.failure.beforeAccept,
    };
    const router = new RejectionRouter(deps, {
      failurePolicy: this.failure.failurePolicy,
      fallback: o.fallback ?? DEFAULT_FALLBACK_RESPONSE,
      followUps: this.failure.followUps,
    });
    const notifications = new NotificationDispatcher(
      deps,
      router,
      new Map(Object.entries({ ...this.failure.notificationHandlers, ...o.notificationHandlers })),
    );
    this.aggregatesByDomain.set(definition.domain, {
      definition,
      runner: new AggregateRunner(deps),
      notifications,
      router,
      undo: new UndoService(deps),
    });
  }

  private addSaga(definition: SagaDefinition): void {
    if (this.sagasByName.has(definition.name)) {
      throw new ConfigurationError(`two sagas named ${definition.name}`);
    }
    const o = this.options;
    this.sagasByName.set(
      definition.name,
      new SagaRunner({
        definition,
        transport: o.transport,
        registry: o.registry,
        topics: this.topics,
        clock: this.clock,
        audit: this.auditRecorder,
        logger: this.logger.child({ component: `saga:${definition.name}` }),
        guard: this.failure.sagaGuard,
        beforeIssue: this.failure.beforeIssue,
        schedule: (commands) => this.timers.schedule(commands),
      }),
    );
  }

  private boundary(component: string, componentType: string, domain: string): ConsumerBoundary {
    const o = this.options;
    return new ConsumerBoundary({
      component,
      componentType,
      domain,
      deadLetters: this.deadLetters,
      clock: this.clock,
      logger: this.logger.child({ component }),
      retry: retryPolicy(o.retry, DEFAULT_RETRY_POLICY),
      ...(o.sleep ? { sleep: o.sleep } : {}),
      ...(o.maxMessageBytes ? { maxMessageBytes: o.maxMessageBytes } : {}),
      ...(o.requiredHeaders ? { requiredHeaders: o.requiredHeaders } : {}),
      describe: describeByTopic(this.topics),
      ...(this.parking ? { parking: this.parking } : {}),
    });
  }

  private async subscribeAll(): Promise<void> {
    const { transport } = this.options;
    const t = this.topics;
    const pending: Promise<Subscription>[] = [];
    for (const [domain, unit] of this.aggregatesByDomain) {
      const handler = aggregateHandler(t, unit.runner, unit.notifications);
      pending.push(
        transport.subscribe(
          {
            groupId: `${t.prefix}.${domain}.aggregate`,
            topics: [t.commands(domain), t.notifications(domain)],
          },
          this.boundary(domain, 'aggregate', domain).wrap(handler),
        ),
      );
    }
    for (const [name, runner] of this.sagasByName) {
      const from = runner.source;
      pending.push(
        transport.subscribe(
          { groupId: `${t.prefix}.saga.${name}`, topics: [t.events(from)] },
          this.boundary(`saga:${name}`, 'saga', from).wrap(sagaHandler(runner)),
        ),
      );
    }
    // Subscribing in parallel: a real consumer group's first join takes seconds.
    const settled = await Promise.allSettled(pending);
    this.subscriptions = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(this.subscriptions.map((s) => s.close()));
      this.subscriptions = [];
      this.starting = undefined;
      throw failed.reason;
    }
    this.relay.start();
    this.failure.start();
    this.timers.start();
    this.logger.info(
      { aggregates: this.domains, sagas: [...this.sagasByName.keys()], prefix: t.prefix },
      'saga-kit runtime started',
    );
  }
}

/** Creates a runtime; call `start()` to begin consuming. */
export function createRuntime(options: RuntimeOptions): SagaKitRuntime {
  return new SagaKitRuntime(options);
}
