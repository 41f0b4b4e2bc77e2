import { create } from '@bufbuild/protobuf';
import { PlaceBetSchema, POKER_FILES } from '@poker/contracts';
import {
  AuditRecorder,
  buildCommandBook,
  commandMessage,
  DeadLetterPublisher,
  DeadLetterReplayer,
  DeadLetterSchema,
  deadLetterFacts,
  decode,
  newRoot,
  RedisAuditLog,
  RedisDeadLetterStore,
  rootToString,
  systemClock,
  Topics,
  TypeRegistry,
  uuidToBytes,
  type IncomingMessage,
} from '@saga-kit/core';
import pino from 'pino';
import { benchKafkaTransport } from '../../fixtures/bench-kafka-transport';
import { deleteKeys } from '../../../test/infra/redis';
import { createTopics, redisClient } from '../../infra/bench-env';
import { BacklogMeter } from '../../lib/backlog-meter';
import { mapLimit } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import { measurePhase } from '../../lib/measurement';
import { elapsedMs } from '../../lib/stats';
import { withTimeout } from '../../lib/with-timeout';

const PUBLISH_PARALLELISM = 50;
const INGEST_TIMEOUT_MS = 600_000;

/**
 * Scenario 5: the DLQ worker's two hot paths, on the committed dead-letter code
 * (libs/saga-kit/src/dlq). Ingest: a consumer of the DLQ topics (matched by pattern, as the
 * worker subscribes) decodes each DeadLetter, derives its facts, stores it in
 * RedisDeadLetterStore (dedup, indexes) and applies retention, as the worker's ingestor does per
 * record. Bulk replay: the matching open entries, oldest first, each claimed, republished to its
 * original topic and marked replayed by DeadLetterReplayer (with its audit entry), one at a time
 * as the worker's bulk replay does.
 */
export const dlqWorkerJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs, logLevel } = ctx.settings;
  const logger = pino({ level: logLevel }, pino.destination(2));
  const topics = new Topics(ctx.prefix);
  const registry = new TypeRegistry(...POKER_FILES);
  await createTopics(ctx.env, [topics.dlq('hand'), topics.commands('hand')]);
  const redis = redisClient(ctx.env);
  const producer = benchKafkaTransport(ctx.env, 'bench-failing-service', maxWaitTimeInMs, logger);
  const worker = benchKafkaTransport(ctx.env, 'bench-dlq-worker', maxWaitTimeInMs, logger);
  const store = new RedisDeadLetterStore(redis, { keyPrefix: `${ctx.prefix}:dlq` });
  const replayer = new DeadLetterReplayer({
    store,
    transport: worker,
    topics,
    clock: systemClock,
    audit: new AuditRecorder(
      new RedisAuditLog(redis, { keyPrefix: ctx.prefix }),
      systemClock,
      logger,
    ),
    logger,
  });
  const total = sizes.dlqWarmup + sizes.dlqIngest;
  const meter = new BacklogMeter(sizes.dlqWarmup, sizes.dlqIngest);
  /** A failing service's dead letters on the hand's DLQ topic. */
  const publish = async (): Promise<void> => {
    const publisher = new DeadLetterPublisher(producer, topics);
    const failedAt = new Date();
    await mapLimit(
      Array.from({ length: total }, (_, i) => i),
      PUBLISH_PARALLELISM,
      async (i) => {
        const book = buildCommandBook(registry, {
          domain: 'hand',
          root: rootToString(newRoot()),
          command: create(PlaceBetSchema, {
            playerId: uuidToBytes(rootToString(newRoot())),
            amount: 40,
          }),
        });
        const message = commandMessage(topics, book);
        const original: IncomingMessage = { ...message, partition: i % 4, offset: String(i) };
        await publisher.publish({
          domain: 'hand',
          reason: 'handler_error',
          error: new Error('bench: the handler failed five times'),
          component: 'hand',
          componentType: 'aggregate',
          original,
          payload: { case: 'command', value: book },
          ...(book.cover ? { cover: book.cover } : {}),
          attempts: 5,
          firstFailedAt: failedAt,
          lastFailedAt: failedAt,
        });
      },
    );
    meter.queued();
    ctx.log(`${total} dead letters on ${topics.dlq('hand')}`);
  };
  const ingest = async (record: IncomingMessage): Promise<void> => {
    const letter = decode(DeadLetterSchema, record.value, 'dead letter');
    const facts = deadLetterFacts(letter, record, topics, systemClock.now());
    await store.ingest(facts, record.value, record.headers);
    await store.prune(systemClock.now());
    meter.tick();
  };
  const pattern = new RegExp(
    `^${ctx.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[a-z0-9-]+\\.dlq$`,
  );
  try {
    // The worker's group join overlaps the publication; the clock starts once every dead
    // letter is on the topic and the warm-up is ingested.
    const [subscription] = await Promise.all([
      worker.subscribe(
        { groupId: `${ctx.prefix}.dlq-worker`, topicPattern: pattern, fromBeginning: true },
        ingest,
      ),
      publish(),
    ]);
    ctx.log('worker joined');
    try {
      await ctx.profiler.around(() => withTimeout(meter.done, INGEST_TIMEOUT_MS, 'the DLQ ingest'));
    } finally {
      await subscription.close();
    }
    const ingested = meter.measurement('saga-kit', 'entry');

    const open = (await store.matching({ status: 'open' })).slice(0, sizes.dlqReplay).reverse();
    if (open.length < sizes.dlqReplay) {
      throw new Error(`only ${open.length} open dead letters to replay, not ${sizes.dlqReplay}`);
    }
    const replayed = await ctx.profiler.around(() =>
      measurePhase('saga-kit', 'entry', async (recorder) => {
        for (const id of open) {
          const start = process.hrtime.bigint();
          const result = await replayer.replay(id, 'bench');
          if (result.outcome !== 'replayed') throw new Error(`${id} was ${result.outcome}`);
          recorder.latency(elapsedMs(start));
        }
        return open.length;
      }),
    );
    const counts = await store.counts();
    return {
      measurements: {
        ingest: {
          ...ingested,
          details: {
            path: 'DLQ topic (pattern subscription) → decode → facts → RedisDeadLetterStore.ingest → prune',
            warmup: sizes.dlqWarmup,
            stored: counts.total,
          },
        },
        replay: {
          ...replayed,
          details: {
            path: 'matching(open) → DeadLetterReplayer.replay each: claim, publish to the original topic, complete, audit',
            replayed: counts.byStatus.replayed,
          },
        },
      },
    };
  } finally {
    await Promise.allSettled([producer.close(), worker.close()]);
    if (ctx.env.sharedRedis) {
      await deleteKeys(redis, ctx.prefix).catch(() => undefined);
    }
    await redis.quit().catch(() => redis.disconnect());
  }
};
