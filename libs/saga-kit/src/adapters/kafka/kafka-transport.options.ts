import type { ConsumerConfig, KafkaConfig, ProducerConfig, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConnectionOptions } from 'node:tls';
import type { RetryPolicy } from '../../runtime/retry/retry-policy';

/** Settings for topics the transport creates through the admin API. */
export interface TopicProvisioning {
  /** Partitions of a created topic (default: the broker's `num.partitions`). */
  partitions?: number;
  /** Replication factor of a created topic (default: the broker's `default.replication.factor`). */
  replicationFactor?: number;
}

/** Backoff of redeliveries after a handler rejected. */
export type RedeliveryOptions = Partial<Omit<RetryPolicy, 'retries'>>;

/** Options of {@link KafkaTransport}. */
export interface KafkaTransportOptions {
  /** Client id reported to the brokers (logs, quotas). */
  clientId: string;
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  /** TLS: `true` for the system CAs, or Node TLS options. Passed through to kafkajs. */
  ssl?: ConnectionOptions | boolean;
  /** SASL credentials. Passed through to kafkajs. */
  sasl?: SASLOptions;
  /** Any other kafkajs client setting (timeouts, retry, socket factory). */
  client?: Partial<Omit<KafkaConfig, 'brokers' | 'clientId' | 'ssl' | 'sasl'>>;
  /** Any other kafkajs producer setting; `idempotent` is governed by {@link idempotent}. */
  producer?: Partial<Omit<ProducerConfig, 'idempotent' | 'transactionalId'>>;
  /** Consumer settings shared by every subscription (`maxWaitTimeInMs`, `sessionTimeout`, ...). */
  consumer?: Partial<Omit<ConsumerConfig, 'groupId'>>;
  /**
   * Idempotent producer (no duplicates from producer retries). `'auto'` (default) enables it when
   * the cluster can serve it (it reports a controller) and logs a warning otherwise; `true`
   * makes `publish` fail with a ConfigurationError on a cluster that cannot. An idempotent
   * producer retries without limit (kafkajs' default), so `publish` waits out an outage; without
   * idempotence it gives up after `producer.retry.retries` (default 5) with a TransientError.
   */
  idempotent?: boolean | 'auto';
  /** Partitions of one subscription handled at the same time (default 1). Order within a partition always holds. */
  partitionsConsumedConcurrently?: number;
  /** `publish` rejects a message whose key, value and headers exceed this (default 1 MiB, Kafka's default). */
  maxMessageBytes?: number;
  /** When set, topics are created through the admin API before the first publish to or subscription on them. */
  provisionTopics?: TopicProvisioning;
  /**
   * Delay before a message whose handler rejected is delivered again (default: the delays of
   * `DEFAULT_RETRY_POLICY`). Redelivery never gives up, so a policy's `retries` does not apply.
   */
  redelivery?: RedeliveryOptions;
  /** How often a `topicPattern` subscription looks for new matching topics (default 30 s). */
  topicRefreshIntervalMs?: number;
  /** `subscribe` rejects if the consumer has not joined its group within this time (default 60 s). */
  joinTimeoutMs?: number;
  /** Structured logger; kafkajs' own logs are routed to it too (default: pino at `info`). */
  logger?: Logger;
}

/** Defaults of the options above. */
export const KAFKA_TRANSPORT_DEFAULTS = {
  idempotent: 'auto',
  partitionsConsumedConcurrently: 1,
  maxMessageBytes: 1024 * 1024,
  topicRefreshIntervalMs: 30_000,
  joinTimeoutMs: 60_000,
} as const;
