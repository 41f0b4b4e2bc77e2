import { randomUUID } from 'node:crypto';
import { RawKafkaService, sizedMessage } from '../../fixtures/raw-kafka-service';
import type { MessageShape } from '../../fixtures/size-recording-transport';
import { deleteKeys } from '../../../test/infra/redis';
import { createTopics } from '../../infra/bench-env';
import { BacklogMeter } from '../../lib/backlog-meter';
import type { Job } from '../../lib/job';
import { withTimeout } from '../../lib/with-timeout';

const PUBLISH_BATCH = 1_000;
const BACKLOG_TIMEOUT_MS = 600_000;

/**
 * Scenario 3, baseline: the same backlog worked through by a hand-written kafkajs loop, the
 * floor of an aggregate service: consume a command, append an event to a Redis list, produce
 * the event, next. Same number of keys, same command and event sizes as saga-kit's in this run,
 * same consumer settings.
 */
export const rawKafkajsLoopJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs } = ctx.settings;
  const shapes = ctx.spec.input['shapes'] as
    { command?: MessageShape; event?: MessageShape } | undefined;
  if (!shapes?.command || !shapes.event) {
    throw new Error('the saga-kit throughput job did not report its command and event sizes');
  }
  const { command, event } = shapes;
  const topics = { commands: `${ctx.prefix}.table.commands`, events: `${ctx.prefix}.table.events` };
  await createTopics(ctx.env, Object.values(topics));
  const keys = Array.from({ length: sizes.throughputAggregates }, () => randomUUID());
  const total = sizes.throughputWarmupCommands + sizes.throughputCommands;
  const gateway = new RawKafkaService(ctx.env, 'raw-gateway');
  const service = new RawKafkaService(ctx.env, 'raw-table');
  const meter = new BacklogMeter(sizes.throughputWarmupCommands, sizes.throughputCommands);
  const { value: eventValue, headers: eventHeaders } = sizedMessage(event, 'event');
  /** Queues the backlog on the commands topic. */
  const publish = async (): Promise<void> => {
    await gateway.start(maxWaitTimeInMs);
    for (let i = 0; i < total; i += PUBLISH_BATCH) {
      const messages = Array.from({ length: Math.min(PUBLISH_BATCH, total - i) }, (_, j) => {
        const key = keys[(i + j) % keys.length]!;
        return { key, ...sizedMessage(command, key) };
      });
      await gateway.producer.send({ topic: topics.commands, acks: -1, messages });
    }
    meter.queued();
    ctx.log(`${total} commands queued`);
  };
  try {
    // As on the saga-kit side: the consumer's group join overlaps the publication of the
    // backlog, and the clock starts once it is all queued and the warm-up is done.
    await Promise.all([
      publish(),
      service.start(maxWaitTimeInMs, {
        groupId: `${ctx.prefix}.table`,
        topics: [topics.commands],
        handler: async ({ message }) => {
          const key = message.key?.toString('utf8') ?? '';
          await service.redis.rpush(`${ctx.prefix}:{table:${key}}:events`, eventValue);
          await service.send(topics.events, key, eventValue, eventHeaders);
          meter.tick();
        },
      }),
    ]);
    ctx.log('consumer joined');
    await ctx.profiler.around(() =>
      withTimeout(meter.done, BACKLOG_TIMEOUT_MS, 'the backlog of commands'),
    );
    return {
      measurements: {
        commands: {
          ...meter.measurement('raw kafkajs loop', 'command'),
          details: {
            loop: 'eachMessage: RPUSH the event, produce it (acks -1)',
            aggregates: sizes.throughputAggregates,
            warmupCommands: sizes.throughputWarmupCommands,
          },
        },
      },
    };
  } finally {
    if (ctx.env.sharedRedis) await deleteKeys(service.redis, ctx.prefix).catch(() => undefined);
    await Promise.allSettled([gateway.stop(), service.stop()]);
  }
};
