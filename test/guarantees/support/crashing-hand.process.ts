/**
 * A hand service process that stops dead between a committed append and the end of its relay's
 * round, for the parent test to SIGKILL it there. Arguments: topic/key prefix, crash point
 * (`before-publish`: the event never left; `after-publish`: it was published, never acked),
 * hand id, table id, player id, bet command id, correlation id. Prints `stalled` at the point.
 */
import { create } from '@bufbuild/protobuf';
import {
  BetPlacedSchema,
  HandSeatSchema,
  PlaceBetSchema,
  POKER_FILES,
  StartHandSchema,
} from '@poker/contracts';
import {
  buildCommandBook,
  createRuntime,
  Headers,
  KafkaTransport,
  RedisAuditLog,
  RedisEventStore,
  TypeRegistry,
  uuidToBytes,
  type OutgoingMessage,
  type Subscription,
  type Transport,
} from '@saga-kit/core';
import pino from 'pino';
import { HandFixture } from '../../../libs/saga-kit/src/testing/fixtures';
import { kafkaBrokers, testRedis } from '../../infra';

type CrashPoint = 'before-publish' | 'after-publish';

/** Hangs, for good, the relay round that publishes the bet: the process is killed meanwhile. */
class StallingTransport implements Transport {
  constructor(
    private readonly inner: Transport,
    private readonly crashPoint: CrashPoint,
  ) {}

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    const bet = messages.some((m) =>
      m.headers[Headers.MessageType]?.endsWith(BetPlacedSchema.typeName),
    );
    if (!bet) return this.inner.publish(messages);
    if (this.crashPoint === 'after-publish') await this.inner.publish(messages);
    process.stdout.write('stalled\n');
    return new Promise<never>(() => undefined);
  }

  subscribe(): Promise<Subscription> {
    return Promise.reject(new Error('this process only handles commands in-process'));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

async function main(): Promise<void> {
  const [prefix, crashPoint, handId, tableId, playerId, betId, correlationId] =
    process.argv.slice(2);
  if (
    !prefix ||
    !correlationId ||
    (crashPoint !== 'before-publish' && crashPoint !== 'after-publish')
  ) {
    throw new Error(
      `usage: <prefix> <before-publish|after-publish> <hand> <table> <player> <bet id> <correlation id>`,
    );
  }
  const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }, process.stderr);
  const redis = testRedis();
  const store = new RedisEventStore(redis, { keyPrefix: prefix, logger });
  const registry = new TypeRegistry(...POKER_FILES);
  const transport = new KafkaTransport({
    clientId: `${prefix}.hand-crashing`,
    brokers: kafkaBrokers(),
    logger,
  });
  // Not started: no consumer, only commands handled in-process; the relay runs when nudged.
  const runtime = createRuntime({
    prefix,
    logger,
    transport: new StallingTransport(transport, crashPoint),
    store,
    outbox: store,
    audit: new RedisAuditLog(redis, { keyPrefix: prefix }),
    registry,
    aggregates: [new HandFixture()],
  });
  const start = await runtime.send(
    buildCommandBook(registry, {
      domain: 'hand',
      root: handId!,
      command: create(StartHandSchema, {
        tableId: uuidToBytes(tableId!),
        seats: [create(HandSeatSchema, { playerId: uuidToBytes(playerId!), seat: 1, stack: 500 })],
      }),
    }),
  );
  if (start.result.case !== 'accepted') throw new Error('StartHand was not accepted');
  await runtime.relay.flush();
  const bet = await runtime.send(
    buildCommandBook(registry, {
      domain: 'hand',
      root: handId!,
      command: create(PlaceBetSchema, { playerId: uuidToBytes(playerId!), amount: 40 }),
      commandId: betId!,
      correlationId,
    }),
  );
  if (bet.result.case !== 'accepted') throw new Error('PlaceBet was not accepted');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
