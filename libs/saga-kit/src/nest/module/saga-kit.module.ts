import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createRuntime, SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import { SagaKitExplorer } from '../discovery/saga-kit.explorer';
import { HEALTH_INDICATORS, type HealthIndicator } from '../health/health-indicator';
import { SagaKitMetrics } from '../metrics/saga-kit-metrics';
import { SAGA_KIT_ADAPTERS, SAGA_KIT_OPTIONS } from '../saga-kit.constants';
import { SagaKitServer } from '../transport/saga-kit.server';
import { createAdapters } from '../wiring/create-adapters';
import type { SagaKitAdapters } from '../wiring/saga-kit-adapters';
import { SagaKitHost } from './saga-kit-host';
import type {
  SagaKitModuleAsyncOptions,
  SagaKitModuleOptions,
} from './saga-kit-module-options.interface';

/**
 * saga-kit in a Nest application: one runtime per application, fed with the providers decorated
 * with `@Aggregate` and `@Saga`. Global, so the gateway, health and metrics modules and the
 * application's own providers can inject `SagaKitRuntime`.
 */
@Module({})
export class SagaKitModule {
  /** Configures saga-kit with options known up front. */
  static forRoot(options: SagaKitModuleOptions): DynamicModule {
    return SagaKitModule.build([{ provide: SAGA_KIT_OPTIONS, useValue: options }], []);
  }

  /** Configures saga-kit with options built by a factory (e.g. from a config service). */
  static forRootAsync(options: SagaKitModuleAsyncOptions): DynamicModule {
    return SagaKitModule.build(
      [
        {
          provide: SAGA_KIT_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
      ],
      options.imports ?? [],
    );
  }

  private static build(
    optionsProviders: Provider[],
    imports: NonNullable<SagaKitModuleAsyncOptions['imports']>,
  ): DynamicModule {
    return {
      module: SagaKitModule,
      global: true,
      imports: [DiscoveryModule, ...imports],
      providers: [
        ...optionsProviders,
        {
          provide: SAGA_KIT_ADAPTERS,
          useFactory: (options: SagaKitModuleOptions) => createAdapters(options),
          inject: [SAGA_KIT_OPTIONS],
        },
        {
          provide: SagaKitRuntime,
          useFactory: (options: SagaKitModuleOptions, adapters: SagaKitAdapters) =>
            createRuntime({
              ...runtimePassThrough(options),
              ...escalationOf(options, adapters),
              ...timersOf(options, adapters),
              ...portsOf(adapters),
            }),
          inject: [SAGA_KIT_OPTIONS, SAGA_KIT_ADAPTERS],
        },
        {
          provide: SagaKitMetrics,
          useFactory: (adapters: SagaKitAdapters) => adapters.metrics ?? null,
          inject: [SAGA_KIT_ADAPTERS],
        },
        {
          provide: HEALTH_INDICATORS,
          useFactory: (host: SagaKitHost): HealthIndicator[] => [
            ...host.adapters.health,
            {
              name: 'consumers',
              check: () =>
                host.started
                  ? Promise.resolve()
                  : Promise.reject(new Error(`not started (consumers: ${host.consumers})`)),
            },
          ],
          inject: [SagaKitHost],
        },
        SagaKitExplorer,
        SagaKitHost,
        SagaKitServer,
      ],
      exports: [
        SAGA_KIT_OPTIONS,
        SAGA_KIT_ADAPTERS,
        SagaKitRuntime,
        SagaKitMetrics,
        HEALTH_INDICATORS,
        SagaKitHost,
        SagaKitServer,
      ],
    };
  }
}

/** The options `createRuntime` takes as they are, without the module's own. */
function runtimePassThrough(options: SagaKitModuleOptions): Record<string, unknown> {
  const {
    service: _service,
    transport: _transport,
    store: _store,
    outbox: _outbox,
    audit: _audit,
    registryFiles: _registryFiles,
    registry: _registry,
    aggregates: _aggregates,
    sagas: _sagas,
    consumers: _consumers,
    escalationWebhooks: _escalationWebhooks,
    metrics: _metrics,
    logger: _logger,
    ...passThrough
  } = options;
  return passThrough;
}

/** `escalationWebhooks` as the runtime's `escalation` option, with a queue next to the store. */
function escalationOf(
  options: SagaKitModuleOptions,
  adapters: SagaKitAdapters,
): Pick<SagaKitModuleOptions, 'escalation'> {
  const webhooks = options.escalationWebhooks ?? [];
  if (webhooks.length === 0) return {};
  return {
    escalation: {
      ...options.escalation,
      webhooks: [...(options.escalation?.webhooks ?? []), ...webhooks],
      queue: options.escalation?.queue ?? adapters.jobQueue(`${options.service}-escalations`),
    },
  };
}

/** Durable timers with a queue next to the store unless `timers.queue` is given. */
function timersOf(
  options: SagaKitModuleOptions,
  adapters: SagaKitAdapters,
): Pick<SagaKitModuleOptions, 'timers'> {
  return {
    timers: {
      ...options.timers,
      queue: options.timers?.queue ?? adapters.jobQueue(`${options.service}-timers`),
    },
  };
}

function portsOf(adapters: SagaKitAdapters) {
  const { transport, store, outbox, audit, registry, logger } = adapters;
  return { transport, store, outbox, audit, registry, logger };
}
