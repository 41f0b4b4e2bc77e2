import { create } from '@bufbuild/protobuf';
import {
  CreditPlayerStackSchema,
  JoinTableSchema,
  OpenTableSchema,
  POKER_FILES,
  StackCreditedSchema,
} from '@poker/contracts';
import {
  buildCommandBook,
  CHANNELS,
  commandMessage,
  createRuntime,
  newRoot,
  RedisAuditLog,
  RedisEventStore,
  rootToString,
  Topics,
  TypeRegistry,
  uuidToBytes,
  type OutgoingMessage,
} from '@saga-kit/core';
import pino from 'pino';
import { SnapshottedTable, TABLE_SNAPSHOT_EVERY } from '../../fixtures/bench-poker.fixture';
import { CompletionWatchingStore } from '../../fixtures/completion-watching-store';
import { benchKafkaTransport } from '../../fixtures/bench-kafka-transport';
import {
  shapeOf,
  SizeRecordingTransport,
  type MessageShape,
} from '../../fixtures/size-recording-transport';
import { deleteKeys } from '../../../test/infra/redis';
import { createTopics, redisClient } from '../../infra/bench-env';
import { BacklogMeter } from '../../lib/backlog-meter';
import { mapLimit } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import { withTimeout } from '../../lib/with-timeout';

const PUBLISH_BATCH = 1_000;
const SETUP_PARALLELISM = 20;
const BACKLOG_TIMEOUT_MS = 600_000;

/**
 * Scenario 3, saga-kit side: one aggregate service (the table, with snapshots every 50 events)
 * works through a backlog of CreditPlayerStack commands on its commands topic: decode, dedup
 * check, load, decide, append with the outbox, audit, relay the events. Commands/s counts
 * accepted appends, from the end of the warm-up (and of the backlog's publication, which
 * overlaps the consumer's group join) to the last one; then waits for the relay to publish the
 * last events.
 */
export const sagaKitThroughputJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs, logLevel } = ctx.settings;
  const logger = pino({ level: logLevel }, pino.destination(2));
  const topics = new Topics(ctx.prefix);
  const registry = new TypeRegistry(...POKER_FILES);
  await createTopics(
    ctx.env,
    CHANNELS.map((c) => topics.of('table', c)),
  );
  const redis = redisClient(ctx.env);
  const store = new RedisEventStore(redis, { keyPrefix: ctx.prefix, logger });
  const watched = new CompletionWatchingStore(store, 'table', StackCreditedSchema.typeName);
  const shapes = new Map<string, MessageShape>();
  const kafka = benchKafkaTransport(ctx.env, 'bench-table', maxWaitTimeInMs, logger);
  const gateway = benchKafkaTransport(ctx.env, 'bench-gateway', maxWaitTimeInMs, logger);
  const runtime = createRuntime({
    transport: new SizeRecordingTransport(kafka, shapes, new Map()),
    store: watched,
    outbox: store,
    audit: new RedisAuditLog(redis, { keyPrefix: ctx.prefix }),
    registry,
    prefix: ctx.prefix,
    aggregates: [new SnapshottedTable()],
    logger,
  });
  const meter = new BacklogMeter(sizes.throughputWarmupCommands, sizes.throughputCommands);
  const total = sizes.throughputWarmupCommands + sizes.throughputCommands;
  let commandShape: MessageShape | undefined;
  /** Seats the tables (in-process) and queues the backlog on the commands topic. */
  const prepare = async (): Promise<void> => {
    const seated = await mapLimit(
      Array.from({ length: sizes.throughputAggregates }),
      SETUP_PARALLELISM,
      async () => {
        const table = rootToString(newRoot());
        const player = newRoot();
        for (const command of [
          create(OpenTableSchema, { name: 'T', maxSeats: 6 }),
          create(JoinTableSchema, { playerId: player, seat: 1, buyIn: 500 }),
        ]) {
          const outcome = await runtime.send(
            buildCommandBook(registry, { domain: 'table', root: table, command }),
          );
          if (outcome.result.case !== 'accepted')
            throw new Error(`setup ${command.$typeName} refused`);
        }
        return { table, player };
      },
    );
    // Counted from here: the setup's appends are not the backlog's.
    watched.onAppended = () => meter.tick();
    const messages: OutgoingMessage[] = Array.from({ length: total }, (_, i) => {
      const { table, player } = seated[i % seated.length]!;
      return commandMessage(
        topics,
        buildCommandBook(registry, {
          domain: 'table',
          root: table,
          command: create(CreditPlayerStackSchema, {
            playerId: player,
            amount: 1,
            handId: uuidToBytes(rootToString(newRoot())),
            reason: 'pot',
          }),
        }),
      );
    });
    commandShape = shapeOf(messages[0]!);
    for (let i = 0; i < messages.length; i += PUBLISH_BATCH) {
      await gateway.publish(messages.slice(i, i + PUBLISH_BATCH));
    }
    meter.queued();
    ctx.log(`${total} commands queued`);
  };
  try {
    // The consumer's group join (seconds) overlaps the setup; the clock starts once the whole
    // backlog is queued and the warm-up is done.
    await Promise.all([runtime.start(), prepare()]);
    ctx.log('service started');
    await ctx.profiler.around(() =>
      withTimeout(meter.done, BACKLOG_TIMEOUT_MS, 'the backlog of commands'),
    );
    await runtime.relay.flush();
    return {
      measurements: {
        commands: {
          ...meter.measurement('saga-kit', 'command'),
          details: {
            service: `table: KafkaTransport + RedisEventStore (snapshots every ${TABLE_SNAPSHOT_EVERY}) + RedisAuditLog`,
            aggregates: sizes.throughputAggregates,
            warmupCommands: sizes.throughputWarmupCommands,
          },
        },
      },
      data: {
        shapes: {
          command: commandShape,
          event: shapes.get(StackCreditedSchema.typeName),
        },
      },
    };
  } finally {
    await runtime.stop();
    await Promise.allSettled([kafka.close(), gateway.close()]);
    if (ctx.env.sharedRedis) await deleteKeys(redis, ctx.prefix).catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
};
