import { Redis } from 'ioredis';
import { Kafka, logLevel, type ConsumerConfig, type KafkaConfig } from 'kafkajs';
import { mockKafkaControl, realKafkaControl } from '../../test/infra/kafka-control';

/** Where the services of one bench run are; handed from the runner to every job. */
export interface BenchEnv {
  brokers: string[];
  redisUrl: string;
  /** The mock's control channel; undefined on a real Kafka. */
  mockControl?: string;
  /** REDIS_URL was given: jobs delete their keys when done (a private Redis is thrown away). */
  sharedRedis: boolean;
}

/** Partitions of every topic a job creates (the mock's auto-created topics have 4 too). */
export const TOPIC_PARTITIONS = 4;

/** The kafkajs client settings of a job (plain data, so Nest's copy of the kafkajs types accepts it too). */
export interface BenchClientConfig {
  clientId: string;
  brokers: string[];
  logLevel: logLevel;
  connectionTimeout: number;
  requestTimeout: number;
  retry: { initialRetryTime: number; maxRetryTime: number; retries: number };
}

/** The consumer settings of a job (plain data, see {@link BenchClientConfig}). */
export interface BenchConsumerConfig {
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  heartbeatInterval: number;
  rebalanceTimeout: number;
  retry: { initialRetryTime: number; maxRetryTime: number; retries: number };
}

/**
 * The kafkajs client settings every job uses, saga-kit and baselines alike: quick failure on a
 * broken broker instead of a hung run, no kafkajs logging.
 */
export function kafkaClientConfig(env: BenchEnv, clientId: string): BenchClientConfig {
  return {
    clientId,
    brokers: env.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
  } satisfies KafkaConfig;
}

/**
 * The consumer settings of every consumer in a run (saga-kit, raw kafkajs, Nest). On the mock a
 * fetch is not woken by a produce, so `maxWaitTimeInMs` is each hop's delivery latency.
 */
export function consumerConfig(maxWaitTimeInMs: number): BenchConsumerConfig {
  return {
    maxWaitTimeInMs,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 5_000,
    retry: { initialRetryTime: 50, maxRetryTime: 1_000, retries: 5 },
  } satisfies Omit<ConsumerConfig, 'groupId'>;
}

/** Whether the run is on the librdkafka mock (no idempotent producer there). */
export function isMock(env: BenchEnv): boolean {
  return env.mockControl !== undefined;
}

/**
 * Creates topics before anyone subscribes to them, so that every consumer is assigned every
 * partition at its first join (the mock's admin API cannot create topics: its control channel
 * does).
 */
export async function createTopics(env: BenchEnv, topics: readonly string[]): Promise<void> {
  if (env.mockControl) {
    const control = mockKafkaControl(env.mockControl);
    for (const topic of topics) await control.createTopic(topic, TOPIC_PARTITIONS);
    return;
  }
  const control = realKafkaControl(new Kafka(kafkaClientConfig(env, 'saga-kit-bench-admin')));
  for (const topic of topics) await control.createTopic(topic, TOPIC_PARTITIONS);
}

/** A Redis client for a job; the caller quits it. */
export function redisClient(env: BenchEnv): Redis {
  return new Redis(env.redisUrl, { maxRetriesPerRequest: 3 });
}
