import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { firstValueFrom, timeout } from 'rxjs';
import { deleteKeys } from '../../../test/infra/redis';
import {
  consumerConfig,
  createTopics,
  kafkaClientConfig,
  redisClient,
} from '../../infra/bench-env';
import { measureFlows, runFlows } from '../../lib/flow-driver';
import type { Job } from '../../lib/job';
import type { Measurement } from '../../lib/measurement';
import {
  nestTableModule,
  peerKeys,
  type DeductReply,
  type DeductRequest,
  type PeerSeat,
} from './nest-table.module';

/** The first request may wait for the table's consumer to join its group. */
const FIRST_REPLY_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 30_000;
const ASSIGNMENT_TIMEOUT_MS = 60_000;

interface PeerHand {
  hand: string;
  table: string;
  player: string;
}

/**
 * Scenario 2, baseline: the same reject-and-reply exchange as a request/response between peers,
 * with @nestjs/microservices. The hand writes its bet to Redis, `send()`s a deduction to the
 * table (a Nest Kafka microservice) through `ClientKafka` and waits on the reply topic; the table
 * reads the seat from Redis, refuses (`player_folded`), records the outcome and replies; the hand
 * writes the revert to Redis. Two Kafka hops, JSON payloads (Nest's serializer), same consumer
 * settings as every other job.
 */
export const nestPeerJob: Job = async (ctx) => {
  const { sizes, maxWaitTimeInMs } = ctx.settings;
  const topic = `${ctx.prefix}.table.deduct`;
  await createTopics(ctx.env, [topic, `${topic}.reply`]);
  const tableRedis = redisClient(ctx.env);
  const handRedis = redisClient(ctx.env);
  const kafka = (clientId: string) => kafkaClientConfig(ctx.env, clientId);
  const producer = { createPartitioner: Partitioners.DefaultPartitioner };
  let table: INestMicroservice | undefined;
  const client = new ClientKafka({
    client: kafka('peer-hand'),
    consumer: { ...consumerConfig(maxWaitTimeInMs), groupId: `${ctx.prefix}.hand` },
    producer,
  });
  try {
    table = await NestFactory.createMicroservice<MicroserviceOptions>(
      nestTableModule(topic, tableRedis, ctx.prefix),
      {
        transport: Transport.KAFKA,
        options: {
          client: kafka('peer-table'),
          consumer: { ...consumerConfig(maxWaitTimeInMs), groupId: `${ctx.prefix}.table` },
          producer,
          // Requests sent before the table joined its group are answered after it joins.
          subscribe: { fromBeginning: true },
        },
        logger: ['error', 'warn'],
      },
    );
    client.subscribeToResponseOf(topic);
    await Promise.all([table.listen(), client.connect()]);
    await waitForReplyAssignment(client, `${topic}.reply`);

    const hands: PeerHand[] = Array.from({ length: sizes.concurrency }, () => ({
      hand: randomUUID(),
      table: randomUUID(),
      player: randomUUID(),
    }));
    const folded: PeerSeat = { stack: 500, folded: true };
    for (const h of hands) {
      await tableRedis.hset(peerKeys.seats(ctx.prefix, h.table), h.player, JSON.stringify(folded));
    }
    let correlation = 0;
    const exchange = async (h: PeerHand, waitMs = REPLY_TIMEOUT_MS): Promise<void> => {
      const request: DeductRequest = {
        handId: h.hand,
        tableId: h.table,
        playerId: h.player,
        amount: 40,
        correlationId: `bet-${++correlation}`,
      };
      const events = peerKeys.hand(ctx.prefix, h.hand);
      await handRedis.rpush(events, JSON.stringify({ type: 'BetPlaced', ...request }));
      const reply = await firstValueFrom(
        client.send<DeductReply, DeductRequest>(topic, request).pipe(timeout(waitMs)),
      );
      if (reply.accepted) throw new Error('the peer table accepted a folded player');
      await handRedis.rpush(
        events,
        JSON.stringify({ type: 'BetReverted', ...request, reason: reply.reason }),
      );
    };
    await exchange(hands[0]!, FIRST_REPLY_TIMEOUT_MS);
    ctx.log('table answering');
    await runFlows(hands, sizes.warmupFlows, 1, exchange);
    if (sizes.fullWarmup) await runFlows(hands, sizes.concurrency, sizes.concurrency, exchange);
    ctx.log('measuring');
    const measured = async (concurrency: number, flows: number): Promise<Measurement> => ({
      ...(await ctx.profiler.around(() =>
        measureFlows('nest ClientKafka send()', hands, flows, concurrency, (h) => exchange(h)),
      )),
      details: {
        services: 'hand (ClientKafka) and table (Nest Kafka microservice), a Redis connection each',
        kafkaHops: 2,
        redisCommandsPerFlow: 4,
        payload: 'JSON (Nest serializer)',
        concurrency,
      },
    });
    const sequential = await measured(1, sizes.sequentialFlows);
    const concurrent = await measured(sizes.concurrency, sizes.concurrentFlows);
    return { measurements: { sequential, concurrent } };
  } finally {
    await Promise.allSettled([client.close(), table?.close()]);
    if (ctx.env.sharedRedis) await deleteKeys(tableRedis, ctx.prefix).catch(() => undefined);
    await Promise.allSettled([tableRedis.quit(), handRedis.quit()]);
  }
};

/** ClientKafka refuses to send until its consumer has been assigned the reply topic. */
async function waitForReplyAssignment(client: ClientKafka, replyTopic: string): Promise<void> {
  const deadline = Date.now() + ASSIGNMENT_TIMEOUT_MS;
  while (client.getConsumerAssignments()[replyTopic] === undefined) {
    if (Date.now() > deadline) {
      throw new Error(
        `ClientKafka got no partition of ${replyTopic} in ${ASSIGNMENT_TIMEOUT_MS} ms`,
      );
    }
    await sleep(50);
  }
}
