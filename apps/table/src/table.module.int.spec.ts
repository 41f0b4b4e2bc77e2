import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CHANNELS, SagaKitHost, SagaKitRuntime } from '@saga-kit/core';
import { kafkaControl, uniqueName, waitFor } from '../../../test/infra';
import { TableModule } from './table.module';

const TABLE = '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716';

/** The table service configured from the environment: Kafka (`KAFKA_BROKERS`) and Redis (`REDIS_URL`). */
describe('TableModule on Kafka and Redis', () => {
  const saved = { ...process.env };
  const prefix = uniqueName('table-svc');
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    process.env.SAGAKIT_PREFIX = prefix;
    process.env.KAFKA_MAX_WAIT_MS = '20';
    process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
    // The services' topics exist before they subscribe (the test broker cannot create them on request).
    for (const domain of ['table', 'player', 'hand']) {
      for (const channel of CHANNELS)
        await kafkaControl().createTopic(`${prefix}.${domain}.${channel}`, 2);
    }
    const moduleRef = await Test.createTestingModule({ imports: [TableModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    process.env = saved;
  });

  it('hosts the table aggregate and its sagas on the configured prefix, and is healthy', async () => {
    expect(app.get(SagaKitHost).domains).toEqual(['table']);
    const runtime = app.get(SagaKitRuntime);
    expect(runtime.topics.prefix).toBe(prefix);
    expect(runtime.saga('table-player').source).toBe('table');
    expect(runtime.saga('table-hand').source).toBe('table');
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({
      status: 'ok',
      checks: { transport: 'ok', store: 'ok', audit: 'ok', consumers: 'ok' },
    });
  });

  it('stores what it decides in Redis and publishes it to Kafka', async () => {
    const res = await fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': `${prefix}-open` },
      body: JSON.stringify({
        domain: 'table',
        root: TABLE,
        type: 'OpenTable',
        command: {
          name: 'main',
          maxSeats: 6,
          smallBlind: 5,
          bigBlind: 10,
          minBuyIn: 10,
          maxBuyIn: 1000,
          actionTimeoutSeconds: 30,
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      outcome: 'accepted',
      correlationId: `${prefix}-open`,
      events: [{ '@type': 'type.googleapis.com/poker.v1.TableOpened', sequence: 0 }],
    });
    const aggregate = await fetch(`${url}/aggregates/table/${TABLE}`);
    expect(await aggregate.json()).toMatchObject({
      nextSequence: 1,
      history: { events: [{ sequence: 0 }] },
    });
    // The relay published the event: the table-player saga consumed it (it issues nothing for it).
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`${url}/metrics`)).text();
        return (
          /sagakit_handler_duration_seconds_count\{[^}]*consumer="saga\.table-player",channel="events"[^}]*\} [1-9]/.test(
            text,
          ) && text
        );
      },
      { timeoutMs: 20_000, message: 'the saga to consume the event' },
    );
    expect(metrics).toMatch(
      /sagakit_commands_total\{service="table",domain="table",type="OpenTable",outcome="accepted"\} 1/,
    );
  });
});
