import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { POKER_FILES } from '@poker/contracts';
import { pino } from 'pino';
import {
  freePort,
  isKafkaMock,
  kafkaBrokers,
  kafkaControl,
  redisUrl,
  TEST_CONSUMER_CONFIG,
  uniqueName,
  waitFor,
} from '../../../../../test/infra';
import { newRoot, rootToString } from '../../messaging/ids';
import { CHANNELS } from '../../messaging/topics';
import { SagaKitGatewayModule } from '../gateway/saga-kit-gateway.module';
import { HealthModule } from '../health/health.module';
import { accepted, call, POKER_PROVIDERS, reserveSeat } from '../nest-fixtures.spec';
import { SagaKitHost } from './saga-kit-host';
import type { SagaKitModuleOptions } from './saga-kit-module-options.interface';
import { SagaKitModule } from './saga-kit.module';

const silent = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

async function startApp(options: Omit<SagaKitModuleOptions, 'service'>): Promise<{
  app: INestApplication;
  url: string;
}> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      SagaKitModule.forRoot({
        service: 'int',
        registryFiles: POKER_FILES,
        logger: silent,
        metrics: false,
        ...options,
      }),
      SagaKitGatewayModule,
      HealthModule,
    ],
    providers: POKER_PROVIDERS,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** The module on the real adapters, built from config: Kafka (or its protocol mock) and Redis. */
describe('SagaKitModule on Kafka and Redis', () => {
  const prefix = uniqueName('nest');
  let app: INestApplication;
  let url: string;
  const post = (body: Record<string, unknown>) => accepted(url, body);
  const state = async <S>(domain: string, root: string): Promise<S | undefined> => {
    const res = await call(`${url}/aggregates/${domain}/${root}`);
    return res.status === 200 ? (res.body as { state: S }).state : undefined;
  };

  beforeAll(async () => {
    // Topics exist before the consumers subscribe (the mock has no CreateTopics API).
    const control = kafkaControl();
    for (const domain of ['hand', 'table', 'player']) {
      for (const channel of CHANNELS)
        await control.createTopic(`${prefix}.${domain}.${channel}`, 2);
    }
    ({ app, url } = await startApp({
      prefix,
      transport: {
        kind: 'kafka',
        brokers: kafkaBrokers(),
        consumer: isKafkaMock()
          ? { ...TEST_CONSUMER_CONFIG, sessionTimeout: 4_000 }
          : TEST_CONSUMER_CONFIG,
        client: {
          connectionTimeout: 1_000,
          requestTimeout: 5_000,
          retry: { retries: 5, initialRetryTime: 50 },
        },
        redelivery: { initialDelayMs: 20, maxDelayMs: 200 },
        joinTimeoutMs: 30_000,
      },
      store: { kind: 'redis', url: redisUrl(), keyPrefix: prefix },
      relay: { pollIntervalMs: 50 },
    }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('is healthy: the cluster answers, Redis answers, the consumers run', async () => {
    const res = await call(`${url}/health`);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { transport: 'ok', store: 'ok', audit: 'ok', consumers: 'ok' },
    });
    expect(res.status).toBe(200);
  });

  it('runs the seed story through Kafka and Redis and answers the regulator from Redis', async () => {
    const table = rootToString(newRoot());
    const player = rootToString(newRoot());
    const hand = rootToString(newRoot());
    await reserveSeat(url, { table, player }, { amount: 500, seat: 1 });
    // The sagas seat the player through Kafka: reserve → join → verify.
    await waitFor(
      async () => (await state<{ seats: Record<string, unknown> }>('table', table))?.seats[player],
      { timeoutMs: 30_000, message: 'the player to be seated' },
    );
    await post({
      domain: 'hand',
      root: hand,
      type: 'StartHand',
      command: { tableId: table, seats: [{ playerId: player, seat: 1, stack: 500 }] },
    });
    await post({
      domain: 'table',
      root: table,
      type: 'MarkPlayerFolded',
      command: { playerId: player, handId: hand },
    });
    await post({
      domain: 'hand',
      root: hand,
      type: 'PlaceBet',
      command: { playerId: player, amount: 40 },
      correlationId: `${prefix}-bet`,
    });
    const reverted = await waitFor(
      async () => ((await state<{ reverted: number }>('hand', hand))?.reverted ?? 0) >= 1,
      { timeoutMs: 30_000, message: 'the bet to be reverted' },
    );
    expect(reverted).toBe(true);
    const timeline = await waitFor(
      async () => {
        const res = await call(`${url}/correlations/${prefix}-bet/timeline?format=text`);
        return res.status === 200 && res.text.includes('compensated with BetReverted') && res.text;
      },
      { timeoutMs: 10_000, message: 'the compensation on the timeline' },
    );
    expect(timeline).toMatch(/DeductFromPlayerStack rejected: player_folded/);
  });
});

describe('SagaKitModule health with Redis down', () => {
  it('answers 503 naming the store, and still shuts down', async () => {
    const port = await freePort();
    const { app, url } = await startApp({
      store: { kind: 'redis', url: `redis://127.0.0.1:${port}` },
      audit: { kind: 'memory' },
    });
    try {
      expect(app.get(SagaKitHost).started).toBe(true);
      const res = await call(`${url}/health`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'error',
        checks: { transport: 'ok', audit: 'ok', consumers: 'ok' },
      });
      expect((res.body as { checks: { store: string } }).checks.store).not.toBe('ok');
    } finally {
      await app.close();
    }
  });
});
