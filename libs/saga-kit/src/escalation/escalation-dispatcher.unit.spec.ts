import { pino } from 'pino';
import { ManualClock } from '../adapters/memory/manual-clock';
import { MemoryAuditLog } from '../adapters/memory/memory-audit-log';
import { MemoryJobQueue } from '../adapters/memory/memory-job-queue';
import { MemoryTransport } from '../adapters/memory/memory-transport';
import { DeadLetterSchema } from '../gen/sagakit/v1/dead_letter_pb';
import { newRoot, rootToString } from '../messaging/ids';
import { Topics } from '../messaging/topics';
import { decode } from '../messaging/type-registry';
import { AuditRecorder } from '../runtime/audit/audit-recorder';
import { DeadLetterPublisher } from '../runtime/dead-letter/dead-letter-publisher';
import { recordingFetch, type RecordedRequest } from '../testing/fixtures';
import { EscalationDispatcher } from './escalation-dispatcher';
import type { EscalationJob } from './escalation-job';
import { resolveEscalationOptions, type EscalationOptions } from './escalation-options';
import { WebhookHeaders } from './webhook-headers';

const topics = new Topics();
const URL_A = 'https://floor.example/a';

/** A dispatcher over a memory queue, with one queued escalation and a manual clock. */
async function setup(
  respond: (request: RecordedRequest, index: number) => Response | Promise<Response>,
  options: Partial<EscalationOptions> = {},
  jobFields: Partial<EscalationJob> = {},
) {
  const clock = new ManualClock();
  const queue = new MemoryJobQueue();
  const audit = new MemoryAuditLog();
  const transport = new MemoryTransport({ clock });
  const recorder = new AuditRecorder(audit, clock);
  const receiver = recordingFetch(respond);
  const dispatcher = new EscalationDispatcher({
    options: resolveEscalationOptions({
      webhooks: [{ url: URL_A, secret: 's', name: 'floor' }],
      queue,
      fetch: receiver.fetch,
      random: () => 0.5, // no jitter: delays are exactly the policy's
      retry: { retries: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000 },
      ...options,
    }),
    clock,
    audit: recorder,
    deadLetters: new DeadLetterPublisher(transport, topics, recorder),
    logger: pino({ level: 'silent' }),
  });
  const root = rootToString(newRoot());
  const job: EscalationJob = {
    webhook: 'floor',
    deliveryId: 'delivery-1',
    eventType: 'saga.escalated',
    body: '{"schema":"sagakit.escalation.v1","delivery_id":"delivery-1"}',
    correlationId: 'flow-1',
    domain: 'table',
    root,
    queuedAt: clock.now().toISOString(),
    ...jobFields,
  };
  await queue.enqueue({ id: job.deliveryId, payload: JSON.stringify(job), dueAt: clock.now() });
  const deadLetters = (domain = 'table') =>
    transport.messages(topics.dlq(domain)).map((m) => decode(DeadLetterSchema, m.value));
  const kinds = () => audit.all().map((e) => e.kind);
  return { clock, queue, dispatcher, receiver, deadLetters, kinds, audit };
}

const status = (code: number, headers?: Record<string, string>) => () =>
  new Response(null, { status: code, ...(headers ? { headers } : {}) });

describe('escalation dispatcher', () => {
  it('retries 5xx and network errors with backoff, then delivers under one delivery id', async () => {
    const s = await setup((_, i) => {
      if (i === 0) throw new TypeError('fetch failed');
      return i === 1 ? new Response(null, { status: 503 }) : new Response(null, { status: 200 });
    });
    expect(await s.dispatcher.runOnce()).toBe(1); // network error → retry in 1 s
    s.clock.advance(999);
    expect(await s.dispatcher.runOnce()).toBe(0);
    s.clock.advance(1);
    expect(await s.dispatcher.runOnce()).toBe(1); // 503 → retry in 2 s
    s.clock.advance(2000);
    expect(await s.dispatcher.runOnce()).toBe(1); // delivered

    expect(s.receiver.requests.map((r) => r.headers.get(WebhookHeaders.DeliveryId))).toEqual([
      'delivery-1',
      'delivery-1',
      'delivery-1',
    ]);
    expect(await s.queue.size()).toBe(0);
    expect(s.deadLetters()).toEqual([]);
    expect(s.audit.all()).toEqual([
      expect.objectContaining({
        kind: 'escalation.delivered',
        correlationId: 'flow-1',
        details: expect.objectContaining({ attempts: 3, status: 200 }) as unknown,
      }),
    ]);
  });

  it('does not retry a 400: the body becomes a webhook dead letter at once', async () => {
    const s = await setup(status(400));
    await s.dispatcher.runOnce();
    s.clock.advance(3_600_000);
    expect(await s.dispatcher.runOnce()).toBe(0);

    expect(s.receiver.requests).toHaveLength(1);
    const letters = s.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      reason: 'webhook_rejected',
      sourceComponent: 'webhook:floor',
      sourceComponentType: 'webhook',
      attempts: 1,
      error: { type: 'WebhookDeliveryError' },
      cover: { domain: 'table', correlationId: 'flow-1' },
    });
    const raw = letters[0]!.payload.case === 'raw' ? letters[0]!.payload.value : undefined;
    expect(Buffer.from(raw!).toString('utf8')).toContain('"delivery_id":"delivery-1"');
    expect(s.kinds()).toEqual(['dead-letter.sent', 'escalation.failed']);
  });

  it.each([301, 302, 307, 401, 404, 410, 422])(
    'treats a %i as final: one request, a webhook_rejected dead letter naming the status',
    async (code) => {
      const s = await setup(status(code, { location: 'https://elsewhere.example/' }));
      await s.dispatcher.runOnce();
      s.clock.advance(3_600_000);
      expect(await s.dispatcher.runOnce()).toBe(0);
      expect(s.receiver.requests).toHaveLength(1);
      expect(s.deadLetters().map((d) => [d.reason, d.error?.message])).toEqual([
        ['webhook_rejected', `escalation to floor failed after 1 attempt(s): http_${code}`],
      ]);
    },
  );

  it.each([408, 429, 502, 504])('retries a %i', async (code) => {
    const s = await setup((_, i) => new Response(null, { status: i === 0 ? code : 204 }));
    await s.dispatcher.runOnce();
    expect(s.deadLetters()).toEqual([]);
    s.clock.advance(60_000);
    expect(await s.dispatcher.runOnce()).toBe(1);
    expect(s.kinds()).toEqual(['escalation.delivered']);
  });

  it('gives up after the last retry and dead-letters the delivery as exhausted', async () => {
    const s = await setup(status(500));
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await s.dispatcher.runOnce()).toBe(1);
      s.clock.advance(60_000);
    }
    expect(await s.dispatcher.runOnce()).toBe(0);
    expect(s.receiver.requests).toHaveLength(4);
    expect(s.deadLetters().map((d) => [d.reason, d.attempts])).toEqual([
      ['webhook_retries_exhausted', 4],
    ]);
  });

  it('waits at least as long as a 429 asks in Retry-After', async () => {
    const s = await setup((_, i) =>
      i === 0
        ? new Response(null, { status: 429, headers: { 'retry-after': '120' } })
        : new Response(null, { status: 204 }),
    );
    await s.dispatcher.runOnce();
    s.clock.advance(119_999);
    expect(await s.dispatcher.runOnce()).toBe(0);
    s.clock.advance(1);
    expect(await s.dispatcher.runOnce()).toBe(1);
    expect(s.kinds()).toEqual(['escalation.delivered']);
  });

  it('counts an attempt that outlives its timeout as failed and retries it', async () => {
    const s = await setup(
      (_, i) =>
        i === 0 ? new Promise<Response>(() => undefined) : new Response(null, { status: 200 }),
      { timeoutMs: 20 },
    );
    await s.dispatcher.runOnce(); // resolves once the 20 ms timeout aborted the request
    expect(s.kinds()).toEqual([]);
    expect(await s.queue.size()).toBe(1);
    s.clock.advance(1000);
    await s.dispatcher.runOnce();
    expect(s.kinds()).toEqual(['escalation.delivered']);
  });

  it('dead-letters a delivery whose webhook is no longer configured', async () => {
    const s = await setup(status(200), {
      webhooks: [{ url: 'https://elsewhere.example/', secret: 's', name: 'elsewhere' }],
    });
    await s.dispatcher.runOnce();
    expect(s.receiver.requests).toEqual([]);
    expect(s.deadLetters().map((d) => d.reason)).toEqual(['webhook_not_configured']);
  });

  it.each([
    ['a root that is not a UUID', { root: 'table-1' }],
    ['a queuedAt that is not a date', { queuedAt: 'yesterday' }],
  ])(
    'dead-letters a queued job with %s at once, without calling the receiver',
    async (_what, fields) => {
      const s = await setup(status(400), {}, fields);
      expect(await s.dispatcher.runOnce()).toBe(1);
      s.clock.advance(3_600_000);
      expect(await s.dispatcher.runOnce()).toBe(0);
      expect(s.receiver.requests).toEqual([]);
      expect(await s.queue.size()).toBe(0);
      expect(s.deadLetters('sagakit').map((d) => d.reason)).toEqual(['invalid_escalation_job']);
    },
  );
});
