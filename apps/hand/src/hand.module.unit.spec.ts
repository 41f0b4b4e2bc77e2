import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SagaKitHost, SagaKitRuntime } from '@saga-kit/core';
import { HandModule } from './hand.module';

const ROOT_A = '3f2b8c1e-5d4a-4b6f-9c8e-1a2b3c4d5e6f';
const ROOT_B = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const HAND = '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b';
const PLAYER_1 = '2c3d4e5f-6071-4829-8b1c-2d3e4f5a6b7c';
const PLAYER_2 = '3d4e5f60-7182-493a-9c2d-3e4f5a6b7c8d';

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
    for (const saga of ['hand-table', 'hand-timers'])
      expect(app.get(SagaKitRuntime).saga(saga).source).toBe('hand');
  });

  it('prompts a player again after an illegal bet, and sets their shot clock', async () => {
    const post = (body: object) =>
      fetch(`${url}/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ domain: 'hand', root: HAND, ...body }),
      });
    const seats = [PLAYER_1, PLAYER_2].map((playerId, i) => ({
      playerId,
      seat: i + 1,
      stack: 100,
    }));
    const started = await post({
      type: 'StartHand',
      command: {
        tableId: ROOT_A,
        seats,
        smallBlind: 5,
        bigBlind: 10,
        button: 1,
        actionTimeoutSeconds: 30,
      },
    });
    expect(started.status).toBe(200);
    const runtime = app.get(SagaKitRuntime);
    expect(await runtime.timers.queue?.size()).toBe(1);

    // Heads-up, the button (seat 1) posts the small blind and acts first: 5 to call.
    const bet = await post({
      type: 'PlaceBet',
      command: { playerId: PLAYER_1, amount: 7 },
      correlationId: 'illegal-bet',
    });
    expect(bet.status).toBe(409);
    expect(await bet.json()).toMatchObject({ reason: 'invalid_bet_amount' });
    const history = (await (await fetch(`${url}/aggregates/hand/${HAND}`)).json()) as {
      history: { events: Record<string, unknown>[] };
    };
    expect(history.history.events.at(-1)?.event).toMatchObject({
      '@type': 'type.googleapis.com/poker.v1.ActionRequested',
      actionNumber: 1,
      toCall: 5,
      retryReason: 'invalid_bet_amount',
    });
    const timeline = await (
      await fetch(`${url}/correlations/illegal-bet/timeline?format=text`)
    ).text();
    expect(timeline).toMatch(
      /PlaceBet rejected: invalid_bet_amount[\s\S]*RequestActionRetry accepted/,
    );
    expect(await runtime.timers.queue?.size()).toBe(1);
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
