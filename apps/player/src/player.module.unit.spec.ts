import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SagaKitHost, SagaKitRuntime } from '@saga-kit/core';
import { PlayerModule } from './player.module';

const ROOT_A = '3f2b8c1e-5d4a-4b6f-9c8e-1a2b3c4d5e6f';
const ROOT_B = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';

/** The player service's wiring without Kafka and Redis: the embedded memory adapters. */
describe('PlayerModule', () => {
  const saved = { ...process.env };
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    delete process.env.REDIS_URL;
    process.env.LOG_LEVEL = 'silent';
    const moduleRef = await Test.createTestingModule({ imports: [PlayerModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    process.env = saved;
  });

  it('hosts the player aggregate and the sagas its events feed', () => {
    const host = app.get(SagaKitHost);
    expect(host.domains).toEqual(['player']);
    expect(host.started).toBe(true);
    for (const saga of ['player-table'])
      expect(app.get(SagaKitRuntime).saga(saga).source).toBe('player');
  });

  const send = (body: { type: string; command: Record<string, unknown> }) =>
    fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'player', root: ROOT_A, ...body }),
    });

  it('answers commands with the domain’s decisions, and is healthy', async () => {
    const res = await fetch(`${url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...{
          domain: 'player',
          type: 'ReserveFunds',
          command: { tableId: ROOT_B, amount: 10, seat: 1 },
        },
        root: ROOT_A,
      }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      outcome: 'rejected',
      reason: 'player_not_registered',
    });
    const registered = await send({
      type: 'RegisterPlayer',
      command: { name: 'Ada', bankroll: 500 },
    });
    expect(registered.status).toBe(200);
    // A malformed id is a bad request, not a server error (nor a rejection).
    for (const tableId of [undefined, 'AAAA']) {
      const bad = await send({ type: 'ReserveFunds', command: { tableId, amount: 10, seat: 1 } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        code: 'POISON_MESSAGE',
        message: expect.stringMatching(/16 bytes/) as unknown,
      });
    }
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
  });
});
