import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { AggregateDefinition } from '../../runtime/definition/aggregate-definition';
import {
  toAggregateDefinition,
  toSagaDefinition,
} from '../../runtime/definition/definition-of-instance';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import type { DiscoveredHandlers } from '../discovery/discovered-handlers';
import { assertNoHandlerConflicts } from '../discovery/handler-conflicts';
import { SagaKitExplorer } from '../discovery/saga-kit.explorer';
import { SAGA_KIT_ADAPTERS, SAGA_KIT_OPTIONS } from '../saga-kit.constants';
import type { SagaKitAdapters } from '../wiring/saga-kit-adapters';
import type { ConsumersMode, SagaKitModuleOptions } from './saga-kit-module-options.interface';

/**
 * Runs one service's runtime inside Nest: registers the discovered aggregates and sagas on module
 * init, starts the consumers on application bootstrap (or when `SagaKitServer` listens), and on
 * shutdown stops them (each after its in-flight message), then closes the adapters it built.
 */
@Injectable()
export class SagaKitHost implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly aggregates = new Map<string, AggregateDefinition>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private starting: Promise<void> | undefined;
  private running = false;
  private closed = false;

  constructor(
    @Inject(SAGA_KIT_OPTIONS) private readonly options: SagaKitModuleOptions,
    @Inject(SAGA_KIT_ADAPTERS) readonly adapters: SagaKitAdapters,
    readonly runtime: SagaKitRuntime,
    private readonly explorer: SagaKitExplorer,
  ) {}

  /** Where the consumers start. */
  get consumers(): ConsumersMode {
    return this.options.consumers ?? 'bootstrap';
  }

  /** Whether the consumers are running. */
  get started(): boolean {
    return this.running;
  }

  /** The domains this service hosts. */
  get domains(): string[] {
    return [...this.aggregates.keys()];
  }

  /** The definition of a hosted aggregate, if this service hosts the domain. */
  aggregate(domain: string): AggregateDefinition | undefined {
    return this.aggregates.get(domain);
  }

  onModuleInit(): void {
    const discovered = this.explorer.explore();
    const found: DiscoveredHandlers = {
      aggregates: [
        ...discovered.aggregates,
        ...(this.options.aggregates ?? []).map((a) => ({
          definition: toAggregateDefinition(a),
          source: 'SagaKitModule options',
        })),
      ],
      sagas: [
        ...discovered.sagas,
        ...(this.options.sagas ?? []).map((s) => ({
          definition: toSagaDefinition(s),
          source: 'SagaKitModule options',
        })),
      ],
    };
    assertNoHandlerConflicts(found);
    this.runtime.register({
      aggregates: found.aggregates.map((a) => a.definition),
      sagas: found.sagas.map((s) => s.definition),
    });
    for (const { definition } of found.aggregates)
      this.aggregates.set(definition.domain, definition);
    this.adapters.logger.info(
      {
        aggregates: found.aggregates.map((a) => `${a.source} (${a.definition.domain})`),
        sagas: found.sagas.map((s) => `${s.source} (${s.definition.name})`),
        consumers: this.consumers,
      },
      'saga-kit handlers discovered',
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumers === 'bootstrap') await this.start();
  }

  /** Runs `work` (e.g. a gateway command) so that shutdown waits for it before closing the adapters. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }

  /** Starts the consumers and the outbox relay; idempotent. */
  start(): Promise<void> {
    this.starting ??= this.runtime.start().then(
      () => {
        this.running = true;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  /** Stops the consumers after their in-flight messages, and the relay after its round. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = undefined;
    this.running = false;
    await this.runtime.stop();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.adapters.logger.info({ signal }, 'saga-kit stopping');
    await this.stop();
    await Promise.allSettled([...this.inFlight]);
    await this.adapters.close();
  }
}
