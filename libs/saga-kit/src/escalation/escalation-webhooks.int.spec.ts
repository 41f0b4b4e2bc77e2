import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { RegisterPlayerSchema } from '@poker/contracts';
import type { Redis } from 'ioredis';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testRedis, uniqueName, waitFor } from '../../../../test/infra';
import { RedisJobQueue } from '../adapters/redis/redis-job-queue';
import { newRoot, rootToString } from '../messaging/ids';
import { requestSeat, seatingWorld, tableAndPlayer } from '../testing/fixtures';
import type { Harness } from '../testing/harness';
import type { EscalationPayload } from './escalation-payload';
import type { WebhookAttemptEvent } from './escalation-options';
import { WebhookHeaders } from './webhook-headers';
import { verifyWebhookSignature } from './webhook-signature';

const SECRET = 'floor-manager-secret';

/** What the receiver got: the raw body and headers of each request. */
interface Received {
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
}

/** A local webhook receiver whose answer each test decides. */
class Receiver {
  readonly received: Received[] = [];
  readonly hanging: ServerResponse[] = [];
  private server: Server | undefined;
  /** A status; `hang`: no answer; `status-only`: a 200 whose body never ends; or a redirect. */
  answer: (index: number) => number | 'hang' | 'status-only' | { redirect: string } = () => 204;

  async listen(port = 0): Promise<number> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const index = this.received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
        });
        const answer = this.answer(index - 1);
        if (answer === 'hang') this.hanging.push(res);
        else if (answer === 'status-only') {
          this.hanging.push(res);
          res.writeHead(200, { 'content-type': 'text/plain' }).write('still writing');
        } else if (typeof answer === 'object') {
          res.writeHead(302, { location: answer.redirect }).end();
        } else res.writeHead(answer).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port nothing listens on (the receiver is "down" until it listens there). */
async function freePort(): Promise<number> {
  const probe = new Receiver();
  const port = await probe.listen();
  await probe.close();
  return port;
}

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  redis = testRedis();
});

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.unlink(...keys);
  }
  await redis.quit();
});

describe('escalation webhooks to a real HTTP receiver', () => {
  let h: Harness | undefined;
  let receiver: Receiver;
  let attempts: WebhookAttemptEvent[];

  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await receiver.close();
  });

  /** The seating world escalating to `port`, its deliveries queued in Redis. */
  async function world(port: number, timeoutMs?: number): Promise<Harness> {
    const prefix = uniqueName('webhooks');
    prefixes.push(prefix);
    attempts = [];
    h = await seatingWorld({
      escalation: {
        webhooks: [{ url: `http://127.0.0.1:${port}/escalations`, secret: SECRET }],
        queue: new RedisJobQueue(redis, 'escalations', { keyPrefix: prefix }),
        pollIntervalMs: 0,
        retry: { retries: 4, initialDelayMs: 1000 },
        ...(timeoutMs ? { timeoutMs } : {}),
        onAttempt: (event) => attempts.push(event),
      },
    });
    return h;
  }

  /** Lets the next retry fall due and wakes the dispatcher. */
  function nextRetry(world: Harness): void {
    world.clock.advance(60_000);
    world.runtime.failure.escalations.nudge();
  }

  it('insufficient balance sits out; any other reason: one dead letter and one signed webhook', async () => {
    receiver = new Receiver();
    const w = await world(await receiver.listen());
    const poor = await tableAndPlayer(w, 100);
    await requestSeat(w, poor, 500, 'seat-poor');
    const unknown = await tableAndPlayer(w);
    await requestSeat(w, unknown, 500, 'seat-unknown');
    await waitFor(() => attempts.length === 1, { message: 'the webhook delivery' });

    expect((await w.history('table', poor.table)).map((e) => e.$typeName)).toContain(
      'poker.v1.PlayerSatOut',
    );
    expect(w.deadLetters('table').map((d) => d.reason)).toEqual([
      'seat request failed: player_not_registered',
    ]);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const body = JSON.parse(request!.body) as EscalationPayload;
    expect(body).toMatchObject({
      correlation_id: 'seat-unknown',
      rejection_reason: 'player_not_registered',
      source: { domain: 'table', root: unknown.table },
    });
    expect(request!.headers[WebhookHeaders.DeliveryId]).toBe(body.delivery_id);
    const verify = (raw: string) =>
      verifyWebhookSignature({
        body: raw,
        headers: request!.headers,
        secret: SECRET,
        now: w.clock.now(),
      });
    expect(verify(request!.body)).toMatchObject({ valid: true, deliveryId: body.delivery_id });
    expect(verify(request!.body.replace('seat-unknown', 'seat-poor'))).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    expect((await w.timeline('seat-unknown')).map((e) => e.kind)).toContain('escalation.delivered');
  });

  it('receiver down, then up: delivered after retries, always under one delivery id', async () => {
    receiver = new Receiver();
    const port = await freePort();
    const w = await world(port);
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-down');
    await waitFor(() => attempts.length === 1, { message: 'a first, refused attempt' });
    nextRetry(w);
    await waitFor(() => attempts.length === 2, { message: 'a second, refused attempt' });

    await receiver.listen(port);
    nextRetry(w);
    await waitFor(() => attempts.at(-1)?.outcome === 'delivered', { message: 'the delivery' });

    expect(attempts.map((a) => [a.attempt, a.outcome, a.reason])).toEqual([
      [1, 'retriable', 'network_error'],
      [2, 'retriable', 'network_error'],
      [3, 'delivered', undefined],
    ]);
    expect(new Set(attempts.map((a) => a.deliveryId)).size).toBe(1);
    expect(receiver.received.map((r) => r.headers[WebhookHeaders.DeliveryId])).toEqual([
      attempts[0]!.deliveryId,
    ]);
    expect(w.deadLetters('table').map((d) => d.reason)).toEqual([
      'seat request failed: player_not_registered',
    ]);
  });

  it('a 400 is not retried: the delivery becomes a webhook dead letter', async () => {
    receiver = new Receiver();
    receiver.answer = () => 400;
    const w = await world(await receiver.listen());
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-400');
    await waitFor(() => w.deadLetters('table').some((d) => d.reason === 'webhook_rejected'), {
      message: 'the webhook dead letter',
    });

    expect(attempts.map((a) => [a.outcome, a.status])).toEqual([['rejected', 400]]);
    expect(receiver.received).toHaveLength(1);
    const letter = w.deadLetters('table').find((d) => d.reason === 'webhook_rejected');
    expect(letter).toMatchObject({ sourceComponentType: 'webhook', attempts: 1 });
    // Nothing is left to retry.
    expect(await w.runtime.failure.escalations.runOnce()).toBe(0);
    nextRetry(w);
    expect(await w.runtime.failure.escalations.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('a redirect is not followed: the delivery becomes a webhook dead letter', async () => {
    receiver = new Receiver();
    receiver.answer = () => ({ redirect: '/moved' });
    const w = await world(await receiver.listen());
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-302');
    const letter = await waitFor(
      () => w.deadLetters('table').find((d) => d.reason === 'webhook_rejected'),
      { message: 'the webhook dead letter' },
    );

    expect(attempts.map((a) => [a.outcome, a.reason, a.status])).toEqual([
      ['rejected', 'http_302', 302],
    ]);
    // Only the first request: the redirect's target was never asked.
    expect(receiver.received).toHaveLength(1);
    expect(letter.error?.message).toMatch(/failed after 1 attempt\(s\): http_302$/);
    nextRetry(w);
    expect(await w.runtime.failure.escalations.runOnce()).toBe(0);
  });

  it('a receiver that answers its status but never ends the body has the delivery', async () => {
    receiver = new Receiver();
    receiver.answer = () => 'status-only';
    const w = await world(await receiver.listen(), 60_000);
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-slow-body');
    await waitFor(() => attempts.length === 1, { message: 'the first attempt to end' });

    expect(attempts.map((a) => [a.outcome, a.status])).toEqual([['delivered', 200]]);
    expect(receiver.hanging).toHaveLength(1);
    expect(w.deadLetters('table').filter((d) => d.sourceComponentType === 'webhook')).toEqual([]);
  });

  it('a hanging receiver times out and never holds up commands', async () => {
    receiver = new Receiver();
    receiver.answer = (index) => (index === 0 ? 'hang' : 204);
    const w = await world(await receiver.listen(), 2000);
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-hang');
    await waitFor(() => receiver.hanging.length === 1, { message: 'the request to hang' });

    // While the receiver holds the request, commands and rejections keep completing.
    for (let i = 0; i < 5; i++) {
      const outcome = await w.send({
        domain: 'player',
        root: rootToString(newRoot()),
        command: create(RegisterPlayerSchema, { name: `P${i}`, bankroll: 10 }),
      });
      expect(outcome.result.case).toBe('accepted');
    }
    await requestSeat(w, await tableAndPlayer(w), 500, 'seat-during-hang');
    expect((await w.timeline('seat-during-hang')).map((e) => e.kind)).toContain(
      'notification.handled',
    );
    expect(attempts.filter((a) => a.reason === 'timeout')).toEqual([]);
    expect(receiver.hanging[0]!.writableEnded).toBe(false);

    await waitFor(() => attempts.some((a) => a.reason === 'timeout'), {
      message: 'the attempt to time out',
    });
    nextRetry(w);
    await waitFor(() => attempts.filter((a) => a.outcome === 'delivered').length === 2, {
      message: 'both escalations delivered',
    });
    const hangId = attempts.find((a) => a.reason === 'timeout')!.deliveryId;
    expect(attempts.filter((a) => a.deliveryId === hangId).map((a) => a.outcome)).toEqual([
      'retriable',
      'delivered',
    ]);
  });
});
