import type { DescFile, DescMessage } from '@bufbuild/protobuf';
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { MemoryTransportOptions } from '../../adapters/memory/memory-transport';
import type { RedisAuditLogOptions } from '../../adapters/redis/redis-audit-log.adapter';
import type { RedisClient } from '../../adapters/redis/redis-client.type';
import type { RedisEventStoreOptions } from '../../adapters/redis/redis-event-store.options';
import type { KafkaTransportOptions } from '../../adapters/kafka/kafka-transport.options';
import type { WebhookEndpoint } from '../../escalation/escalation-options';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { AuditLog } from '../../ports/audit-log.port';
import type { EventStore, Outbox } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';
import type { RuntimeOptions } from '../../runtime/service/runtime-options';

/** The embedded in-memory transport (the default). */
export interface MemoryTransportConfig extends MemoryTransportOptions {
  kind: 'memory';
}

/** Kafka through kafkajs; `clientId` defaults to the service name. */
export interface KafkaTransportConfig extends Omit<KafkaTransportOptions, 'clientId' | 'logger'> {
  kind: 'kafka';
  clientId?: string;
}

/** How the module builds the transport when it is not given an instance. */
export type TransportConfig = MemoryTransportConfig | KafkaTransportConfig;

/** The embedded in-memory store or audit log (the default). */
export interface MemoryStoreConfig {
  kind: 'memory';
}

/** Redis (standalone or Cluster) for the event store with its outbox, or for the audit log. */
export interface RedisStoreConfig {
  kind: 'redis';
  /** `redis://host:port`; ignored when `client` is given. */
  url?: string;
  /** A client of your own: the module never closes it. */
  client?: RedisClient;
  /** First segment of every key (default `sagakit`). */
  keyPrefix?: string;
  store?: Omit<RedisEventStoreOptions, 'keyPrefix' | 'logger'>;
  audit?: Omit<RedisAuditLogOptions, 'keyPrefix'>;
}

/** How the module builds the event store or the audit log when it is not given an instance. */
export type StoreConfig = MemoryStoreConfig | RedisStoreConfig;

/** Where a service's consumers start: on application bootstrap, or in `SagaKitServer.listen`. */
export type ConsumersMode = 'bootstrap' | 'microservice';

/** Prometheus settings; `false` turns the instrumentation off. */
export interface SagaKitMetricsOptions {
  /** Registry to register the metrics in (default: a registry of this module's own). */
  registry?: Registry;
  /** Also collect Node's process metrics (default true). */
  defaultMetrics?: boolean;
}

/**
 * Runtime options passed through to `createRuntime` as they are: `fallback`, `failurePolicy`,
 * `retry`, `conflictRetry`, `sagaGuard`, `clock`, `relay`, ..., and any option added later.
 */
export type RuntimePassThroughOptions = Partial<
  Omit<
    RuntimeOptions,
    'transport' | 'store' | 'outbox' | 'audit' | 'registry' | 'aggregates' | 'sagas' | 'logger'
  >
>;

/** Options of `SagaKitModule.forRoot`; every adapter defaults to the embedded memory one. */
export interface SagaKitModuleOptions extends RuntimePassThroughOptions {
  /** The service's name: logs, metrics labels, the Kafka client id. */
  service: string;
  /** A transport instance (not closed by the module), or how to build one (default memory). */
  transport?: Transport | TransportConfig;
  /** An event store instance (not closed by the module), or how to build one (default memory). */
  store?: EventStore | StoreConfig;
  /** Required when `store` is an instance that is not also the outbox. */
  outbox?: Outbox;
  /** An audit log instance, or how to build one (default: Redis when `store` is Redis, else memory). */
  audit?: AuditLog | StoreConfig;
  /** Protobuf files or messages of the domain's commands and events. */
  registryFiles?: readonly (DescFile | DescMessage)[];
  /** A registry of your own; `registryFiles` are added to it. */
  registry?: TypeRegistry;
  /** Aggregates and sagas that are not providers: definitions or decorated instances. */
  aggregates?: readonly object[];
  sagas?: readonly object[];
  /**
   * Escalation webhooks (the floor manager's alert). Their delivery queue follows `store`: a
   * Redis job queue when the store is Redis, else one in memory; `escalation` tunes the rest.
   */
  escalationWebhooks?: readonly WebhookEndpoint[];
  /** Where consumers start (default `bootstrap`); see `SagaKitServer`. */
  consumers?: ConsumersMode;
  metrics?: SagaKitMetricsOptions | false;
  /** Structured logger (default: pino JSON on stdout named after the service). */
  logger?: Logger;
}

/** Options of `SagaKitModule.forRootAsync`. */
export interface SagaKitModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => SagaKitModuleOptions | Promise<SagaKitModuleOptions>;
}
