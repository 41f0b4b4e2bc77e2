import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SagaKitHost, SagaKitRuntime } from '@saga-kit/core';
import { HandModule } from './hand.module';

const ROOT_A = '3f2b8c1e-5d4a-4b6f-9c8e-1a2b3c4d5e6f';
const ROOT_B = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

/** The hand service's wiring without Kafka and Redis: the embedded memory adapters. */
describe('HandModule', () => {
  const saved = { ...process.env };
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    process.env.LOG_LEVEL = 'silent';
    const moduleRef = await Test.createTestingModule({ imports: [HandModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
  });

  it('hosts the hand aggregate and the sagas its events feed', () => {
    const host = app.get(SagaKitHost);
    expect(host.domains).toEqual(['hand']);
    expect(host.started).toBe(true);
    for (const saga of ['hand-table'])
      expect(app.get(SagaKitRuntime).saga(saga).source).toBe('hand');
  });

  it('answers commands with the domain’s decisions, and is healthy', async () => {
    const res = await fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...{ domain: 'hand', type: 'PlaceBet', command: { playerId: ROOT_B, amount: 10 } },
        root: ROOT_A,
      }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ outcome: 'rejected', reason: 'hand_not_in_progress' });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
  });
});
