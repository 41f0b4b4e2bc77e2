import { Kafka, type Admin } from 'kafkajs';
import pino, { type Logger } from 'pino';
import type {
  MessageHandler,
  OutgoingMessage,
  Subscription,
  SubscriptionOptions,
  Transport,
} from '../../ports/transport.port';
import { retryPolicy, type RetryPolicy } from '../../runtime/retry/retry-policy';
import {
  assertPublishBatch,
  assertSubscriptionOptions,
  assertTopicName,
} from '../../ports/validation/transport-validation';
import { assertPositiveInteger } from '../../ports/validation/values';
import { toTransportError } from './kafka-error.mapper';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaSubscription } from './kafka-subscription';
import { KafkaTopicProvisioner } from './kafka-topic.provisioner';
import {
  KafkaTransportInstrumentation,
  type KafkaTransportEventName,
  type KafkaTransportListener,
} from './kafka-transport.events';
import {
  KAFKA_TRANSPORT_DEFAULTS,
  type KafkaTransportOptions,
  type RedeliveryOptions,
  type TopicProvisioning,
} from './kafka-transport.options';
import { LazyConnection } from './lazy-connection';
import { kafkaLogLevelFor, pinoLogCreator } from './pino-log-creator';

/**
 * The Kafka transport (kafkajs): one idempotent-when-possible producer with `acks: -1`, one
 * consumer per subscription, offsets committed only after the handler resolved, failed messages
 * redelivered in place with backoff.
 */
export class KafkaTransport implements Transport {
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private readonly admin: LazyConnection<Admin>;
  private readonly publisher: KafkaPublisher;
  private readonly provisioner: KafkaTopicProvisioner;
  private readonly instrumentation: KafkaTransportInstrumentation;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly maxMessageBytes: number;
  private readonly redelivery: RetryPolicy;
  private closed = false;

  constructor(private readonly options: KafkaTransportOptions) {
    assertOptions(options);
    const root = (options.logger ?? pino({ name: 'saga-kit' })).child({
      clientId: options.clientId,
    });
    this.logger = root.child({ component: 'kafka-transport' });
    this.maxMessageBytes = options.maxMessageBytes ?? KAFKA_TRANSPORT_DEFAULTS.maxMessageBytes;
    this.redelivery = redeliveryPolicy(options.redelivery);
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      sasl: options.sasl,
      logLevel: kafkaLogLevelFor(root),
      logCreator: pinoLogCreator(root),
      ...options.client,
    });
    this.instrumentation = new KafkaTransportInstrumentation(this.logger);
    this.admin = new LazyConnection('admin client', () => this.kafka.admin());
    this.publisher = new KafkaPublisher({
      kafka: this.kafka,
      admin: this.admin,
      producerConfig: options.producer ?? {},
      idempotent: options.idempotent ?? KAFKA_TRANSPORT_DEFAULTS.idempotent,
      logger: this.logger,
    });
    this.provisioner = new KafkaTopicProvisioner(
      this.admin,
      options.provisionTopics ?? {},
      this.logger,
    );
  }

  /**
   * Publishes every message in one batch; rejects without sending anything if one is invalid or
   * oversized (PoisonMessageError `oversized`), with a TransientError if the cluster failed.
   */
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    assertPublishBatch(messages, this.maxMessageBytes);
    if (messages.length === 0) return;
    if (this.options.provisionTopics) await this.provisioner.ensure(messages.map((m) => m.topic));
    await this.publisher.send(messages);
  }

  /** Starts a consumer for the group; resolves once it has joined the group. */
  async subscribe(options: SubscriptionOptions, handler: MessageHandler): Promise<Subscription> {
    this.assertOpen();
    assertSubscriptionOptions(options, handler);
    if (this.options.provisionTopics && options.topics) {
      await this.provisioner.ensure(options.topics);
    }
    const o = this.options;
    const subscription = new KafkaSubscription(
      {
        kafka: this.kafka,
        listTopics: () => this.listTopics(),
        consumerConfig: o.consumer ?? {},
        partitionsConsumedConcurrently:
          o.partitionsConsumedConcurrently ??
          KAFKA_TRANSPORT_DEFAULTS.partitionsConsumedConcurrently,
        redelivery: this.redelivery,
        topicRefreshIntervalMs:
          o.topicRefreshIntervalMs ?? KAFKA_TRANSPORT_DEFAULTS.topicRefreshIntervalMs,
        joinTimeoutMs: o.joinTimeoutMs ?? KAFKA_TRANSPORT_DEFAULTS.joinTimeoutMs,
        logger: this.logger,
        events: this.instrumentation,
        onClosed: (s) => this.subscriptions.delete(s),
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.close();
      throw error;
    }
    return subscription;
  }

  /**
   * Creates the topics that do not exist yet, with `provisionTopics` settings (or the broker's
   * defaults). Tolerant: where the cluster refuses, it logs and leaves them to auto-creation.
   */
  async ensureTopics(topics: readonly string[], settings?: TopicProvisioning): Promise<void> {
    this.assertOpen();
    const input: unknown = topics;
    if (!Array.isArray(input)) throw new TypeError('ensureTopics takes an array of topic names');
    topics.forEach((topic, i) => assertTopicName(topic, `topics[${i}]`));
    assertProvisioning(settings, 'ensureTopics settings');
    const provisioner = settings
      ? new KafkaTopicProvisioner(this.admin, settings, this.logger)
      : this.provisioner;
    await provisioner.ensure(topics);
  }

  /** Adds an instrumentation listener (see `KafkaTransportEvents`); returns its remover. */
  on<E extends KafkaTransportEventName>(event: E, listener: KafkaTransportListener<E>): () => void {
    return this.instrumentation.on(event, listener);
  }

  /** Closes every subscription (each after its in-flight messages), then the producer and admin client. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await Promise.all([this.publisher.close(), this.admin.close()]);
  }

  private async listTopics(): Promise<string[]> {
    const admin = await this.admin.get();
    try {
      return await admin.listTopics();
    } catch (error) {
      throw toTransportError(error, 'listing topics');
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KafkaTransport is closed');
  }
}

function assertOptions(options: KafkaTransportOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('KafkaTransport options must be an object');
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new TypeError('KafkaTransport clientId must be a non-empty string');
  }
  const { brokers } = options;
  if (!Array.isArray(brokers) || brokers.length === 0 || brokers.some((b) => !/^.+:\d+$/.test(b))) {
    throw new TypeError(
      `KafkaTransport brokers must be a non-empty array of host:port, got ${JSON.stringify(brokers)}`,
    );
  }
  const integers = {
    maxMessageBytes: options.maxMessageBytes,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    topicRefreshIntervalMs: options.topicRefreshIntervalMs,
    joinTimeoutMs: options.joinTimeoutMs,
  };
  for (const [name, value] of Object.entries(integers)) {
    if (value !== undefined) assertPositiveInteger(value, name);
  }
  assertProvisioning(options.provisionTopics, 'provisionTopics');
  if (![undefined, true, false, 'auto'].includes(options.idempotent)) {
    throw new TypeError(
      `idempotent must be true, false or 'auto', got ${String(options.idempotent)}`,
    );
  }
}

/** Refuses settings a CreateTopics would reject, which provisioning would only log. */
function assertProvisioning(settings: TopicProvisioning | undefined, what: string): void {
  if (settings === undefined) return;
  if (typeof settings !== 'object' || settings === null) {
    throw new TypeError(`${what} must be an object`);
  }
  for (const name of ['partitions', 'replicationFactor'] as const) {
    const value = settings[name];
    if (value !== undefined) assertPositiveInteger(value, `${what}.${name}`);
  }
}

function redeliveryPolicy(options: RedeliveryOptions | undefined): RetryPolicy {
  try {
    return retryPolicy({ ...options, retries: 0 });
  } catch (error) {
    throw new TypeError(`redelivery: ${(error as Error).message}`);
  }
}
