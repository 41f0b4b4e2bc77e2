import type { Message } from '@bufbuild/protobuf';
import { POKER_FILES } from '@poker/contracts';
import {
  buildCommandBook,
  CHANNELS,
  commandMessage,
  createRuntime,
  KafkaTransport,
  RedisAuditLog,
  RedisEventStore,
  shortTypeName,
  toAggregateDefinition,
  toSagaDefinition,
  Topics,
  TypeRegistry,
  type AuditEntry,
  type CommandBook,
  type CommandBookInit,
  type EventStore,
  type KafkaTransportOptions,
  type RuntimeOptions,
  type SagaKitRuntime,
} from '@saga-kit/core';
import type { Redis } from 'ioredis';
import type { Admin, Kafka } from 'kafkajs';
import pino, { type Logger } from 'pino';
import {
  HandFixture,
  HandTableSagaFixture,
  PlayerFixture,
  PlayerTableSagaFixture,
  TableFixture,
  TablePlayerSagaFixture,
} from '../../../libs/saga-kit/src/testing/fixtures';
import {
  deleteKeys,
  isKafkaMock,
  kafkaBrokers,
  kafkaControl,
  type KafkaControl,
  TEST_CONSUMER_CONFIG,
  testKafka,
  testRedis,
  uniqueName,
  waitFor,
} from '../../infra';
import { ObservedTransport } from './observed-transport';
import { isQuiescent, type ConsumedTopics } from './quiescence';
import { TopicReader } from './topic-reader';

/** The three poker services; each hosts its aggregate and the saga reacting to its events. */
export type ServiceName = 'hand' | 'table' | 'player';

const HOSTED: Record<ServiceName, () => { aggregates: object[]; sagas: object[] }> = {
  hand: () => ({ aggregates: [new HandFixture()], sagas: [new HandTableSagaFixture()] }),
  table: () => ({ aggregates: [new TableFixture()], sagas: [new TablePlayerSagaFixture()] }),
  player: () => ({ aggregates: [new PlayerFixture()], sagas: [new PlayerTableSagaFixture()] }),
};

const DOMAINS: readonly ServiceName[] = ['hand', 'table', 'player'];

/** LOG_LEVEL=debug shows the runtimes' (and kafkajs') logs. */
const LOG_LEVEL = process.env['LOG_LEVEL'] ?? 'silent';

/**
 * The librdkafka mock delays the rebalance of a non-empty group by the session timeout minus one
 * second: a shorter session keeps a second instance's join quick there. A real broker refuses
 * sessions under 6 s.
 */
function consumerConfig(mock: boolean): KafkaTransportOptions['consumer'] {
  return mock ? { ...TEST_CONSUMER_CONFIG, sessionTimeout: 4_000 } : TEST_CONSUMER_CONFIG;
}

/** Where a system's Kafka is: the test one (default) or a private mock for fault injection. */
export interface KafkaTarget {
  readonly brokers: string[];
  readonly control: KafkaControl;
  /** Whether it is librdkafka's mock cluster. */
  readonly mock: boolean;
}

/** Options of one service instance. */
export interface ServiceOptions {
  /** Tells instances of one service apart in client ids and logs (default `1`). */
  instance?: string;
  /** Subscribe and start the relay (default true). */
  start?: boolean;
  runtime?: Partial<Omit<RuntimeOptions, 'transport' | 'store' | 'outbox' | 'audit' | 'registry'>>;
  transport?: Partial<KafkaTransportOptions>;
  /** Wraps the event store the runtime decides with (the outbox stays the plain store). */
  store?: (store: EventStore) => EventStore;
}

/**
 * One running service instance: its own runtime, Kafka client and Redis connection, as a
 * deployed process has. Its transport is observed (see {@link ObservedTransport}).
 */
export class Service {
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly runtime: SagaKitRuntime,
    readonly transport: ObservedTransport,
    readonly consumes: readonly ConsumedTopics[],
    private readonly redis: Redis,
  ) {}

  /** Whether this instance is a member of its consumer groups (started, not stopped). */
  get consuming(): boolean {
    return this.started && !this.stopping;
  }

  /** Subscribes to its topics (joining its consumer groups) and starts its outbox relay. */
  async start(): Promise<void> {
    await this.runtime.start();
    this.started = true;
  }

  /** Leaves the consumer groups (after the in-flight messages), then closes the connections. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.runtime.stop();
        await this.transport.close();
      } finally {
        this.redis.disconnect();
      }
    })();
    return this.stopping;
  }
}

/**
 * Hand, table and player services of one test, on Kafka and Redis. Every name is unique to the
 * system: its topic prefix doubles as the Redis key prefix of the event store and audit log,
 * which all its services share, as deployed services share one Redis.
 */
export class PokerSystem {
  readonly topics: Topics;
  readonly registry = new TypeRegistry(...POKER_FILES);
  readonly services: Service[] = [];
  private readonly readers: TopicReader[] = [];
  private readonly redis: Redis;
  private readonly store: RedisEventStore;
  private readonly audit: RedisAuditLog;
  private readonly kafka: Kafka;
  private admin: Admin | undefined;

  private constructor(
    readonly prefix: string,
    private readonly target: KafkaTarget,
    private readonly logger: Logger,
  ) {
    this.topics = new Topics(prefix);
    this.redis = testRedis();
    this.store = new RedisEventStore(this.redis, { keyPrefix: prefix, logger });
    this.audit = new RedisAuditLog(this.redis, { keyPrefix: prefix });
    this.kafka = testKafka(`${prefix}.observer`, { brokers: target.brokers });
  }

  /** A system with fresh names; creates its topics (4 partitions each) up front. */
  static async create(label: string, target?: KafkaTarget): Promise<PokerSystem> {
    const system = new PokerSystem(
      uniqueName(`guarantees.${label}`),
      target ?? { brokers: kafkaBrokers(), control: kafkaControl(), mock: isKafkaMock() },
      pino({ level: LOG_LEVEL }),
    );
    const topics = DOMAINS.flatMap((d) => CHANNELS.map((c) => system.topics.of(d, c)));
    await Promise.all(topics.map((t) => system.target.control.createTopic(t, 4)));
    return system;
  }

  /** Starts an instance of a service; instances of one service share its consumer groups. */
  async start(service: ServiceName, options: ServiceOptions = {}): Promise<Service> {
    const name = `${service}#${options.instance ?? '1'}`;
    const logger = this.logger.child({ service: name });
    const transport = new ObservedTransport(
      new KafkaTransport({
        clientId: `${this.prefix}.${name}`,
        brokers: this.target.brokers,
        client: {
          connectionTimeout: 1_000,
          requestTimeout: 5_000,
          retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
        },
        consumer: consumerConfig(this.target.mock),
        redelivery: { initialDelayMs: 20, maxDelayMs: 200 },
        joinTimeoutMs: 30_000,
        logger,
        ...options.transport,
      }),
    );
    const redis = testRedis();
    const store = new RedisEventStore(redis, { keyPrefix: this.prefix, logger });
    const { aggregates, sagas } = HOSTED[service]();
    const runtime = createRuntime({
      logger,
      ...options.runtime,
      prefix: this.prefix,
      transport,
      store: options.store ? options.store(store) : store,
      outbox: store,
      audit: new RedisAuditLog(redis, { keyPrefix: this.prefix }),
      registry: this.registry,
      aggregates,
      sagas,
    });
    const consumes: ConsumedTopics[] = [
      ...aggregates.map(toAggregateDefinition).map(({ domain }) => ({
        groupId: `${this.prefix}.${domain}.aggregate`,
        topics: [this.topics.commands(domain), this.topics.notifications(domain)],
      })),
      ...sagas.map(toSagaDefinition).map(({ name: saga, from }) => ({
        groupId: `${this.prefix}.saga.${saga}`,
        topics: [this.topics.events(from)],
      })),
    ];
    const instance = new Service(name, runtime, transport, consumes, redis);
    this.services.push(instance);
    if (options.start ?? true) await instance.start();
    return instance;
  }

  /** Starts several services at once: consumer groups take seconds to join, so in parallel. */
  startAll<T extends ServiceName[]>(...services: T): Promise<{ [K in keyof T]: Service }> {
    return Promise.all(services.map((s) => this.start(s))) as Promise<{ [K in keyof T]: Service }>;
  }

  /** A reader of the given topics from their beginning; stopped with the system. */
  async reader(topics: readonly string[]): Promise<TopicReader> {
    const reader = await TopicReader.start(this.kafka, topics);
    this.readers.push(reader);
    return reader;
  }

  /** A command book as a gateway builds it. */
  command(init: CommandBookInit): CommandBook {
    return buildCommandBook(this.registry, init);
  }

  /** Handles a command at a service, as its HTTP gateway would; throws unless it is accepted. */
  async accept(via: Service, init: CommandBookInit): Promise<void> {
    const outcome = await via.runtime.send(this.command(init));
    if (outcome.result.case !== 'accepted') {
      throw new Error(`${via.name} did not accept the command: ${JSON.stringify(outcome.result)}`);
    }
  }

  /** Publishes commands to their commands topics through a service's Kafka client. */
  async publish(via: Service, books: readonly CommandBook[]): Promise<void> {
    await via.transport.publish(books.map((b) => commandMessage(this.topics, b)));
  }

  /** The events stored for an aggregate, decoded, as written. */
  async events(domain: string, root: string): Promise<Message[]> {
    const { pages } = await this.store.load({ domain, root });
    return pages.flatMap((p) => (p.event ? [this.registry.unpack(p.event)] : []));
  }

  /** Short type names of an aggregate's stored events, in order. */
  async eventTypes(domain: string, root: string): Promise<string[]> {
    return (await this.events(domain, root)).map((e) => shortTypeName(e.$typeName));
  }

  /** Ids of the messages queued in the outbox, not yet published and acknowledged. */
  async pendingIds(limit = 1_000): Promise<string[]> {
    return (await this.store.pending(limit)).map((m) => m.id);
  }

  /** Every audit entry of a correlation id, whichever service recorded it. */
  timeline(correlationId: string): Promise<AuditEntry[]> {
    return this.audit.timeline(correlationId);
  }

  /**
   * Waits until every running service has handled and committed everything on its topics and
   * the outbox is empty. Only then are counts final: a late duplicate cannot follow.
   */
  async settled(timeoutMs = 30_000): Promise<void> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    const consumers = this.services.filter((s) => s.consuming).flatMap((s) => s.consumes);
    await waitFor(() => isQuiescent(admin, consumers, [this.store]), {
      timeoutMs,
      intervalMs: 100,
      message: 'the system to settle (all offsets committed, outbox empty)',
    });
  }

  /** Stops every service and reader, and deletes the system's Redis keys. */
  async stop(): Promise<void> {
    const results = await Promise.allSettled([
      ...this.services.map((s) => s.stop()),
      ...this.readers.map((r) => r.stop()),
      ...(this.admin ? [this.admin.disconnect()] : []),
    ]);
    try {
      await deleteKeys(this.redis, this.prefix);
    } finally {
      this.redis.disconnect();
    }
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
