import { MemoryAuditLog } from '../../adapters/memory/memory-audit-log';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import { MemoryJobQueue } from '../../adapters/memory/memory-job-queue';
import { RedisJobQueue } from '../../adapters/redis/redis-job-queue';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { ConfigurationError } from '../../errors/configuration.error';
import { Topics } from '../../messaging/topics';
import { TypeRegistry } from '../../messaging/type-registry';
import type { AuditLog } from '../../ports/audit-log.port';
import type { EventStore, Outbox } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';
import type { HealthIndicator } from '../health/health-indicator';
import { createServiceLogger } from '../logging/service-logger';
import { InstrumentedTransport } from '../metrics/instrumented-transport';
import { MetricsAuditLog } from '../metrics/metrics-audit-log';
import { SagaKitMetrics } from '../metrics/saga-kit-metrics';
import type {
  SagaKitModuleOptions,
  StoreConfig,
  TransportConfig,
} from '../module/saga-kit-module-options.interface';
import { kafkaTransport } from './kafka.factory';
import { RedisConnection, redisAuditLog, redisEventStore } from './redis.factory';
import type { BuiltPort, SagaKitAdapters } from './saga-kit-adapters';

/** Builds (or adopts) the ports of a service from its module options. */
export function createAdapters(options: SagaKitModuleOptions): SagaKitAdapters {
  const { service } = options;
  if (typeof service !== 'string' || service.trim() === '') {
    throw new ConfigurationError('SagaKitModule needs a service name');
  }
  const logger = options.logger ?? createServiceLogger(service);
  const registry = options.registry ?? new TypeRegistry();
  registry.register(...(options.registryFiles ?? []));
  const metrics =
    options.metrics === false ? undefined : new SagaKitMetrics(service, options.metrics ?? {});
  const topics = new Topics(options.prefix);

  const transport = buildTransport(options.transport, service, logger);
  const redis = new Map<StoreConfig, RedisConnection>();
  const connection = (config: StoreConfig & { kind: 'redis' }): RedisConnection => {
    let found = redis.get(config);
    if (!found) redis.set(config, (found = new RedisConnection(config)));
    return found;
  };
  const storeOption = options.store ?? { kind: 'memory' };
  const store: BuiltPort<EventStore> = isStore(storeOption)
    ? adopted(storeOption)
    : storeOption.kind === 'redis'
      ? redisEventStore(connection(storeOption), storeOption, logger)
      : adopted(new MemoryEventStore());
  // The audit log follows the store by default, so timelines span every service on one Redis.
  const auditOption: AuditLog | StoreConfig =
    options.audit ?? (isStore(storeOption) ? { kind: 'memory' } : storeOption);
  const audit: BuiltPort<AuditLog> = isAudit(auditOption)
    ? adopted(auditOption)
    : auditOption.kind === 'redis'
      ? redisAuditLog(connection(auditOption), auditOption)
      : adopted(new MemoryAuditLog());

  const outbox = outboxOf(store.port, options.outbox);
  const jobQueue = (name: string) =>
    !isStore(storeOption) && storeOption.kind === 'redis'
      ? new RedisJobQueue(connection(storeOption).get(), name, {
          ...(storeOption.keyPrefix ? { keyPrefix: storeOption.keyPrefix } : {}),
        })
      : new MemoryJobQueue();
  const health: HealthIndicator[] = [
    { name: 'transport', check: transport.check },
    { name: 'store', check: store.check },
    { name: 'audit', check: audit.check },
  ];
  return {
    service,
    transport: metrics
      ? new InstrumentedTransport(transport.port, metrics, topics)
      : transport.port,
    store: store.port,
    outbox,
    audit: metrics ? new MetricsAuditLog(audit.port, metrics) : audit.port,
    registry,
    logger,
    metrics,
    jobQueue,
    health,
    async close() {
      // The transport first: its consumers may still be writing to the store.
      await transport.close?.();
      await Promise.all([store.close?.(), audit.close?.()]);
    },
  };
}

function buildTransport(
  option: Transport | TransportConfig | undefined,
  service: string,
  logger: SagaKitAdapters['logger'],
): BuiltPort<Transport> {
  if (option === undefined) return owned(new MemoryTransport());
  if (isTransport(option)) return adopted(option);
  switch (option.kind) {
    case 'memory': {
      const { kind: _kind, ...memory } = option;
      return owned(new MemoryTransport(memory));
    }
    case 'kafka':
      return kafkaTransport(option, service, logger);
  }
}

function outboxOf(store: EventStore, outbox: Outbox | undefined): Outbox {
  if (outbox) return outbox;
  const candidate = store as Partial<Outbox>;
  if (typeof candidate.pending === 'function' && typeof candidate.ack === 'function') {
    return store as EventStore & Outbox;
  }
  throw new ConfigurationError(
    'the event store given to SagaKitModule is not an outbox: pass `outbox` as well',
  );
}

// Instances have methods; configs are plain data with a `kind`.
function isTransport(value: Transport | TransportConfig): value is Transport {
  return typeof (value as Partial<Transport>).publish === 'function';
}

function isStore(value: EventStore | StoreConfig): value is EventStore {
  return typeof (value as Partial<EventStore>).load === 'function';
}

function isAudit(value: AuditLog | StoreConfig): value is AuditLog {
  return typeof (value as Partial<AuditLog>).record === 'function';
}

/** An instance given to the module: checked with its own `checkHealth()` if it has one, never closed. */
function adopted<T extends object>(port: T): BuiltPort<T> {
  const check = (port as { checkHealth?: () => Promise<void> }).checkHealth;
  return {
    port,
    check: typeof check === 'function' ? () => check.call(port) : () => Promise.resolve(),
  };
}

/** A transport the module created in memory: closed with the module. */
function owned(port: MemoryTransport): BuiltPort<Transport> {
  return { port, check: () => Promise.resolve(), close: () => port.close() };
}
