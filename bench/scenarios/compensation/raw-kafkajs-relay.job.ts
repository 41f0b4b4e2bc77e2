import { randomUUID } from 'node:crypto';
import { deleteKeys } from '../../../test/infra/redis';
import { createTopics } from '../../infra/bench-env';
import { RawKafkaService, sizedMessage, tagOf } from '../../fixtures/raw-kafka-service';
import type { MessageShape } from '../../fixtures/size-recording-transport';
import { measureFlows, runFlows } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import type { Measurement } from '../../lib/measurement';

/** The saga-kit messages whose sizes each hop copies. */
const HOP_TYPES = [
  'poker.v1.BetPlaced',
  'poker.v1.DeductFromPlayerStack',
  'sagakit.v1.RejectionNotification',
  'poker.v1.BetReverted',
] as const;

interface RawHand {
  hand: string;
  table: string;
}

/**
 * Scenario 1, baseline: the same three hops hand-written on kafkajs, the floor of the work. The
 * hand writes its bet to Redis and publishes it; a "saga" consumer writes to Redis and publishes
 * a command to the table; the table consumer writes to Redis and publishes a rejection to the
 * hand; the hand consumer writes the revert to Redis: done. Same topics layout (4 partitions,
 * keyed by root), same message sizes and header sizes as saga-kit's messages in this run, same
 * consumer settings; no decoding, no deciding, no dedup check, no audit, no outbox.
 */
export const rawKafkajsRelayJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs } = ctx.settings;
  const shapes = ctx.spec.input['shapes'] as Record<string, MessageShape> | undefined;
  const missing = HOP_TYPES.filter((t) => !shapes?.[t]);
  if (!shapes || missing.length > 0) {
    throw new Error(`the saga-kit job did not report the sizes of ${missing.join(', ')}`);
  }
  const [betPlaced, deduct, rejection, betReverted] = HOP_TYPES.map((t) => shapes[t]!);
  const topics = {
    events: `${ctx.prefix}.hand.events`,
    commands: `${ctx.prefix}.table.commands`,
    notifications: `${ctx.prefix}.hand.notifications`,
  };
  await createTopics(ctx.env, Object.values(topics));
  const hand = new RawKafkaService(ctx.env, 'raw-hand');
  const saga = new RawKafkaService(ctx.env, 'raw-saga');
  const table = new RawKafkaService(ctx.env, 'raw-table');
  const services = [hand, saga, table];
  const waiters = new Map<string, () => void>();
  const revertBytes = Buffer.alloc(betReverted!.valueBytes, 1);
  try {
    await Promise.all([
      hand.start(maxWaitTimeInMs, {
        groupId: `${ctx.prefix}.hand`,
        topics: [topics.notifications],
        handler: async ({ message }) => {
          const [handId] = tagOf(message.value).split(' ');
          await hand.redis.rpush(`${ctx.prefix}:{hand:${handId}}:events`, revertBytes);
          const done = waiters.get(handId!);
          waiters.delete(handId!);
          done?.();
        },
      }),
      saga.start(maxWaitTimeInMs, {
        groupId: `${ctx.prefix}.saga`,
        topics: [topics.events],
        handler: async ({ message }) => {
          const tag = tagOf(message.value);
          const [handId, tableId] = tag.split(' ');
          const command = sizedMessage(deduct!, tag);
          await saga.redis.rpush(`${ctx.prefix}:audit:{c:${handId}}`, command.value);
          await saga.send(topics.commands, tableId!, command.value, command.headers);
        },
      }),
      table.start(maxWaitTimeInMs, {
        groupId: `${ctx.prefix}.table`,
        topics: [topics.commands],
        handler: async ({ message }) => {
          const tag = tagOf(message.value);
          const [handId, tableId] = tag.split(' ');
          const notification = sizedMessage(rejection!, tag);
          await table.redis.hset(
            `${ctx.prefix}:{table:${tableId}}:dedup`,
            randomUUID(),
            notification.value,
          );
          await table.send(topics.notifications, handId!, notification.value, notification.headers);
        },
      }),
    ]);
    ctx.log('consumers joined');
    const hands: RawHand[] = Array.from({ length: sizes.concurrency }, () => ({
      hand: randomUUID(),
      table: randomUUID(),
    }));
    const flow = async ({ hand: handId, table: tableId }: RawHand): Promise<void> => {
      const done = new Promise<void>((resolve) => waiters.set(handId, resolve));
      const bet = sizedMessage(betPlaced!, `${handId} ${tableId}`);
      await hand.redis.rpush(`${ctx.prefix}:{hand:${handId}}:events`, bet.value);
      await hand.send(topics.events, handId, bet.value, bet.headers);
      await done;
    };
    await runFlows(hands, sizes.warmupFlows, 1, flow);
    if (sizes.fullWarmup) await runFlows(hands, sizes.concurrency, sizes.concurrency, flow);
    ctx.log('measuring');
    const details = {
      services: 'hand, saga, table: a kafkajs client and a Redis connection each',
      kafkaHops: 3,
      redisWritesPerFlow: 4,
    };
    const measured = async (concurrency: number, flows: number): Promise<Measurement> => ({
      ...(await ctx.profiler.around(() =>
        measureFlows('raw kafkajs relay', hands, flows, concurrency, flow),
      )),
      details: { ...details, concurrency },
    });
    const sequential = await measured(1, sizes.sequentialFlows);
    const concurrent = await measured(sizes.concurrency, sizes.concurrentFlows);
    return { measurements: { sequential, concurrent } };
  } finally {
    if (ctx.env.sharedRedis) await deleteKeys(hand.redis, ctx.prefix).catch(() => undefined);
    await Promise.allSettled(services.map((s) => s.stop()));
  }
};
