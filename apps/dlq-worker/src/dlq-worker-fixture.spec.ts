// Test fixture of the dlq-worker suites (not a suite itself: no level suffix).
import { create } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DeductFromPlayerStackSchema, POKER_FILES } from '@poker/contracts';
import {
  AuditRecorder,
  DeadLetterPublisher,
  RedisAuditLog,
  Topics,
  TypeRegistry,
  buildCommandBook,
  encode,
  CommandBookSchema,
  Headers,
  MessageKinds,
  newRoot,
  rootToString,
  systemClock,
  uuidToBytes,
  type DeadLetter,
  type Transport,
} from '@saga-kit/core';
import { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { kafkaBrokers, kafkaControl, redisUrl, testKafka, uniqueName } from '../../../test/infra';
import { DLQ_WORKER_CONFIG, type DlqWorkerConfig } from './config/dlq-worker.config';
import { DlqWorkerModule } from './dlq-worker.module';

/** A running worker on the test Kafka and Redis, with helpers to feed it. */
export interface WorkerFixture {
  app: INestApplication;
  url: string;
  token: string;
  config: DlqWorkerConfig;
  topics: Topics;
  kafka: Kafka;
  redis: Redis;
  audit: AuditRecorder;
  deadLetters: DeadLetterPublisher;
  registry: TypeRegistry;
  /** Every fixture resource, in reverse order of creation. */
  close(): Promise<void>;
}

/** Domains whose topics a fixture creates before the worker starts. */
export const FIXTURE_DOMAINS = ['table', 'player'] as const;

/** Starts a worker with a unique topic prefix and key prefixes. */
export async function startWorker(
  overrides: Partial<DlqWorkerConfig> = {},
): Promise<WorkerFixture> {
  const prefix = uniqueName('dlqt');
  const topics = new Topics(prefix);
  const control = kafkaControl();
  for (const domain of FIXTURE_DOMAINS) {
    await control.createTopic(topics.dlq(domain), 2);
    await control.createTopic(topics.commands(domain), 1);
  }
  const token = `test-token-${uniqueName('t')}`;
  const keyPrefix = uniqueName('dlqk');
  const config: DlqWorkerConfig = {
    kafka: {
      brokers: kafkaBrokers(),
      clientId: 'dlq-worker-test',
      groupId: `${prefix}.dlq-worker`,
      topicRefreshIntervalMs: 300,
      maxWaitTimeInMs: 20,
      group: { sessionTimeout: 6_000, heartbeatInterval: 500, rebalanceTimeout: 5_000 },
    },
    redisUrl: redisUrl(),
    topicPrefix: prefix,
    auditKeyPrefix: keyPrefix,
    eventStoreKeyPrefix: keyPrefix,
    store: { keyPrefix: `${keyPrefix}:dlq`, retentionMs: 0, maxEntries: 0 },
    auth: { token, reads: true },
    maskFields: ['playerId'],
    escalationSecret: 'whsec-test-secret',
    escalationToleranceMs: 300_000,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    port: 0,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [DlqWorkerModule] })
    .overrideProvider(DLQ_WORKER_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const kafka = testKafka('dlq-worker-fixture');
  const producer = kafka.producer();
  await producer.connect();
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 2 });
  const audit = new AuditRecorder(new RedisAuditLog(redis, { keyPrefix }), systemClock);
  const registry = new TypeRegistry(...POKER_FILES);
  const deadLetters = new DeadLetterPublisher(producerTransport(producer), topics, audit);
  return {
    app,
    url,
    token,
    config,
    topics,
    kafka,
    redis,
    audit,
    deadLetters,
    registry,
    async close() {
      await producer.disconnect();
      await app.close();
      await redis.quit();
    },
  };
}

/** A transport that only publishes, over a plain kafkajs producer. */
function producerTransport(producer: Producer): Transport {
  return {
    async publish(messages) {
      for (const m of messages) {
        await producer.send({
          topic: m.topic,
          acks: -1,
          messages: [{ key: m.key, value: Buffer.from(m.value), headers: m.headers }],
        });
      }
    },
    subscribe: () => Promise.reject(new Error('publish only')),
    close: () => producer.disconnect(),
  };
}

/** What {@link failCommand} dead-letters. */
export interface FailedCommand {
  domain: (typeof FIXTURE_DOMAINS)[number];
  correlationId: string;
  /** Offset of the failed command on its topic: distinct offsets make distinct dead letters. */
  offset: number;
  reason?: string;
  component?: string;
}

/**
 * Publishes the dead letter of a `DeductFromPlayerStack` command that a consumer gave up on,
 * after recording the flow that led to it (bet placed, saga issued the command, command failed).
 */
export async function failCommand(fx: WorkerFixture, failed: FailedCommand): Promise<DeadLetter> {
  const handRoot = rootToString(newRoot());
  const targetRoot = rootToString(newRoot());
  const book = buildCommandBook(fx.registry, {
    domain: failed.domain,
    root: targetRoot,
    correlationId: failed.correlationId,
    command: create(DeductFromPlayerStackSchema, {
      playerId: uuidToBytes(rootToString(newRoot())),
      amount: 50,
      handId: uuidToBytes(handRoot),
    }),
  });
  const base = { correlationId: failed.correlationId, component: 'hand' };
  await fx.audit.record({
    ...base,
    kind: 'command.accepted',
    key: [book.commandId, 'a'],
    domain: 'hand',
    root: handRoot,
    commandType: 'PlaceBet',
    eventTypes: ['BetPlaced'],
    sequences: [5],
  });
  await fx.audit.record({
    ...base,
    kind: 'command.issued',
    key: [book.commandId, 'i'],
    domain: 'hand',
    root: handRoot,
    saga: 'hand-table',
    commandType: 'DeductFromPlayerStack',
    sequences: [5],
    peer: { domain: failed.domain, root: targetRoot },
    component: 'saga:hand-table',
  });
  await fx.audit.record({
    ...base,
    kind: 'command.failed',
    key: [book.commandId, 'f'],
    domain: failed.domain,
    root: targetRoot,
    commandType: 'DeductFromPlayerStack',
    reason: 'handler_error',
    component: failed.domain,
  });
  const topic = fx.topics.commands(failed.domain);
  return fx.deadLetters.publish({
    domain: failed.domain,
    reason: failed.reason ?? 'handler_error',
    error: new TypeError('stack is undefined'),
    component: failed.component ?? failed.domain,
    componentType: 'aggregate',
    original: {
      topic,
      partition: 0,
      offset: String(failed.offset),
      key: targetRoot,
      value: encode(CommandBookSchema, book),
      headers: {
        [Headers.MessageId]: `original-${failed.offset}`,
        [Headers.Kind]: MessageKinds.Command,
        [Headers.MessageType]: book.command!.typeUrl,
        [Headers.CorrelationId]: failed.correlationId,
      },
    },
    payload: { case: 'command', value: book },
    cover: book.cover!,
    attempts: 3,
    firstFailedAt: new Date(Date.now() - 2_000),
    lastFailedAt: new Date(),
  });
}

/** `fetch` against the worker, with the token unless `token: null`. */
export async function call(
  fx: WorkerFixture,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; text: string }> {
  const token = options.token === undefined ? fx.token : options.token;
  const response = await fetch(fx.url + path, {
    method,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, text };
}

/** Sum of the high watermarks of a topic's partitions: how many records it holds. */
export async function recordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
