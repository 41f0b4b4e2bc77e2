import { createHmac } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { RegisterPlayerSchema } from '@poker/contracts';
import {
  buildCommandBook,
  CommandBookSchema,
  DeadLetterSchema,
  deterministicId,
  encode,
  EventStoreParkingLot,
  Headers,
  newRoot,
  RedisEventStore,
  rootToString,
  type DeadLetter,
  signWebhook,
  WebhookHeaders,
  type IncomingMessage,
  type DeadLetterDetail,
  type DeadLetterListPage,
} from '@saga-kit/core';
import {
  kafkaControl,
  TEST_CONSUMER_CONFIG,
  uniqueName,
  waitFor,
  waitForGroupJoin,
} from '../../../test/infra';
import {
  call,
  failCommand,
  recordCount,
  startWorker,
  type WorkerFixture,
} from './dlq-worker-fixture.spec';
import { DlqIngestor } from './ingest/dlq-ingestor';

describe('dlq-worker API (Kafka mock, Redis)', () => {
  let fx: WorkerFixture;
  const list = async (query: string): Promise<DeadLetterListPage> =>
    (await call(fx, 'GET', `/api/dead-letters?${query}`)).body as DeadLetterListPage;
  const waitForEntries = (query: string, n: number): Promise<DeadLetterListPage> =>
    waitFor(
      async () => {
        const page = await list(query);
        return page.total >= n && page;
      },
      { timeoutMs: 20_000, message: `${n} entries for ${query}` },
    );

  beforeAll(async () => {
    fx = await startWorker();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('refuses every mutation and, by default, every read without the token (401)', async () => {
    for (const token of [null, 'wrong-token']) {
      expect((await call(fx, 'POST', '/api/dead-letters/x/replay', { token })).status).toBe(401);
      expect(
        (await call(fx, 'POST', '/api/dead-letters/x/discard', { token, body: { note: 'n' } }))
          .status,
      ).toBe(401);
      expect(
        (await call(fx, 'POST', '/api/dead-letters/replay', { token, body: { all: true } })).status,
      ).toBe(401);
      expect((await call(fx, 'GET', '/api/dead-letters', { token })).status).toBe(401);
    }
    expect((await call(fx, 'GET', '/health', { token: null })).status).toBe(200);
  });

  it('stores a dead letter once however often its DLQ record is delivered', async () => {
    const correlationId = uniqueName('dup');
    const letter = await failCommand(fx, { domain: 'table', correlationId, offset: 1 });
    // The same failure dead-lettered again: same id (derived from the original position).
    const again = await failCommand(fx, { domain: 'table', correlationId, offset: 1 });
    expect(again.id).toBe(letter.id);
    const entry = await waitFor(
      async () => {
        const { body } = await call(fx, 'GET', `/api/dead-letters/${letter.id}`);
        const e = (body as DeadLetterDetail).entry;
        return e?.deliveries === 2 && e;
      },
      { timeoutMs: 20_000, message: 'the second delivery to be counted' },
    );
    expect(entry).toMatchObject({
      domain: 'table',
      reason: 'handler_error',
      status: 'open',
      correlationId,
    });
    expect(
      (await list(`domain=table&reason=handler_error`)).items.filter((e) => e.id === letter.id),
    ).toHaveLength(1);
  });

  it('shows one entry with its decoded, masked payload, headers and timeline', async () => {
    const correlationId = uniqueName('detail');
    const letter = await failCommand(fx, { domain: 'table', correlationId, offset: 2 });
    const { body } = await waitFor(
      async () => {
        const res = await call(fx, 'GET', `/api/dead-letters/${letter.id}`);
        return res.status === 200 && res;
      },
      { timeoutMs: 20_000, message: 'the entry' },
    );
    const detail = body as DeadLetterDetail;
    expect(detail.payload).toMatchObject({
      cover: { domain: 'table', correlationId },
      command: {
        '@type': 'type.googleapis.com/poker.v1.DeductFromPlayerStack',
        amount: 50,
        playerId: '***',
      },
    });
    expect(detail.headers[Headers.DlqReason]).toBe('handler_error');
    expect(detail.timeline.entries.map((e) => e.kind)).toEqual([
      'command.accepted',
      'command.issued',
      'command.failed',
      'dead-letter.sent',
    ]);
    expect(detail.timeline.mermaid).toMatch(/^sequenceDiagram\n/);
    expect(detail.timeline.svg).toContain('class="sequence-diagram"');
  });

  it('filters by domain, reason, component, status and time, and refuses bad filters (400)', async () => {
    const correlationId = uniqueName('filter');
    await failCommand(fx, {
      domain: 'player',
      correlationId,
      offset: 3,
      reason: 'retries_exhausted',
      component: 'saga:table-player',
    });
    const page = await waitForEntries('reason=retries_exhausted&component=saga:table-player', 1);
    expect(page.items.every((e) => e.domain === 'player')).toBe(true);
    expect((await list('domain=player&reason=handler_error&status=replayed')).total).toBe(0);
    expect((await list(`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).total).toBe(0);
    for (const bad of [
      'status=lost',
      'from=yesterday',
      'limit=0',
      'colour=red',
      'from=2024-02-01&to=2024-01-01',
    ]) {
      const res = await call(fx, 'GET', `/api/dead-letters?${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('answers 404 for a missing entry and 400 for a discard without a note', async () => {
    expect((await call(fx, 'POST', '/api/dead-letters/no-such-id/replay')).status).toBe(404);
    expect((await call(fx, 'GET', '/api/dead-letters/no-such-id')).status).toBe(404);
    expect(
      (await call(fx, 'POST', '/api/dead-letters/no-such-id/discard', { body: { note: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (await call(fx, 'POST', '/api/dead-letters/no-such-id/discard', { body: {} })).status,
    ).toBe(400);
  });

  it('discards with a note; a discarded entry cannot be replayed (409, skipped in bulk)', async () => {
    const component = uniqueName('discarded');
    const letter = await failCommand(fx, {
      domain: 'table',
      correlationId: uniqueName('discard'),
      offset: 4,
      component,
    });
    await waitFor(
      async () => (await call(fx, 'GET', `/api/dead-letters/${letter.id}`)).status === 200,
    );
    const res = await call(fx, 'POST', `/api/dead-letters/${letter.id}/discard`, {
      body: { note: 'duplicate of a settled bet' },
    });
    expect(res.body).toMatchObject({
      status: 'discarded',
      discard: { note: 'duplicate of a settled bet' },
    });
    expect((await call(fx, 'POST', `/api/dead-letters/${letter.id}/replay`)).status).toBe(409);
    const bulk = await call(fx, 'POST', '/api/dead-letters/replay', {
      body: { filter: { component } },
    });
    expect(bulk.body).toEqual({
      matched: 1,
      replayed: [],
      alreadyReplayed: [],
      skipped: [{ id: letter.id, reason: expect.stringMatching(/was discarded/) as unknown }],
      failed: [],
    });
  });

  it('replays one entry to its original topic once, with a new message id and replayed-from', async () => {
    const correlationId = uniqueName('replay');
    const letter = await failCommand(fx, { domain: 'table', correlationId, offset: 5 });
    await waitFor(
      async () => (await call(fx, 'GET', `/api/dead-letters/${letter.id}`)).status === 200,
    );
    const first = await call(fx, 'POST', `/api/dead-letters/${letter.id}/replay`);
    const retry = await call(fx, 'POST', `/api/dead-letters/${letter.id}/replay`);
    expect(first.body).toMatchObject({ outcome: 'replayed', topic: fx.topics.commands('table') });
    expect(retry.body).toMatchObject({
      outcome: 'already-replayed',
      messageId: (first.body as { messageId: string }).messageId,
    });
    const detail = (await call(fx, 'GET', `/api/dead-letters/${letter.id}`))
      .body as DeadLetterDetail;
    expect(detail.entry.status).toBe('replayed');
    expect(detail.timeline.entries.at(-1)).toMatchObject({
      kind: 'dead-letter.replayed',
      component: 'dlq-worker',
    });
  });

  it('bulk replay of N entries republishes N messages, exactly once each, even when retried', async () => {
    const n = 5;
    const component = uniqueName('bulk');
    const target = fx.topics.commands('player');
    const before = await recordCount(fx.kafka, target);
    const letters: DeadLetter[] = [];
    for (let i = 0; i < n; i++) {
      letters.push(
        await failCommand(fx, {
          domain: 'player',
          correlationId: uniqueName('b'),
          offset: 100 + i,
          component,
        }),
      );
    }
    await waitForEntries(`component=${component}`, n);
    const first = await call(fx, 'POST', '/api/dead-letters/replay', {
      body: { filter: { component } },
    });
    const retry = await call(fx, 'POST', '/api/dead-letters/replay', {
      body: { filter: { component } },
    });
    expect(first.body).toMatchObject({ matched: n, failed: [], skipped: [] });
    expect((first.body as { replayed: string[] }).replayed.sort()).toEqual(
      letters.map((l) => l.id).sort(),
    );
    expect((retry.body as { alreadyReplayed: string[] }).alreadyReplayed).toHaveLength(n);
    expect(await recordCount(fx.kafka, target)).toBe(before + n);
    const seen = await readTopic(target, before + n);
    const replayedFrom = seen
      .map((h) => h[Headers.ReplayedFrom])
      .filter((id) => letters.some((l) => l.id === id));
    expect(replayedFrom.sort()).toEqual(letters.map((l) => l.id).sort());
    expect(new Set(seen.map((h) => h[Headers.MessageId])).size).toBe(seen.length);
    expect((await list(`component=${component}&status=replayed`)).total).toBe(n);
  });

  it('counts entries by status, domain, reason and component', async () => {
    const { status, body } = await call(fx, 'GET', '/api/dead-letters/counts');
    expect(status).toBe(200);
    const counts = body as {
      total: number;
      byDomain: Record<string, number>;
      byStatus: Record<string, number>;
    };
    expect(counts.byDomain.table).toBeGreaterThanOrEqual(3);
    expect(counts.byStatus.discarded).toBe(1);
    expect(counts.total).toBe(Object.values(counts.byStatus).reduce((a, b) => a + b, 0));
    expect((await call(fx, 'GET', '/api/dead-letters/counts?status=nope')).status).toBe(400);
  });

  it("discarding a dead letter takes it out of its key's parking queue, so the key moves on", async () => {
    const letter = await failCommand(fx, {
      domain: 'table',
      correlationId: uniqueName('parked'),
      offset: 40,
    });
    const key = Buffer.from(letter.original?.key ?? []).toString('utf8');
    // As the table service's consumer parked it (in the services' event store), with a
    // later message of the same aggregate parked behind it.
    const lot = new EventStoreParkingLot(
      new RedisEventStore(fx.redis, { keyPrefix: fx.config.eventStoreKeyPrefix }),
    );
    await lot.park('table', key, letter.id, 'handler_error');
    await lot.park('table', key, 'the-next-one', 'parked');
    await waitFor(
      async () => (await call(fx, 'GET', `/api/dead-letters/${letter.id}`)).status === 200,
    );
    const res = await call(fx, 'POST', `/api/dead-letters/${letter.id}/discard`, {
      body: { note: 'settled by hand' },
    });
    expect(res.status).toBe(200);
    expect(await lot.parked('table', key)).toEqual(['the-next-one']);
  });

  it('picks up the DLQ topic of a domain created after it started', async () => {
    const topic = fx.topics.dlq('lobby');
    await kafkaControl().createTopic(topic, 1);
    const letter = await fx.deadLetters.publish({
      domain: 'lobby',
      reason: 'undecodable',
      component: 'lobby',
      componentType: 'consumer',
      attempts: 1,
      firstFailedAt: new Date(),
      lastFailedAt: new Date(),
    });
    await waitFor(
      async () => (await call(fx, 'GET', `/api/dead-letters/${letter.id}`)).status === 200,
      {
        timeoutMs: 30_000,
        message: 'the new domain dead letter',
      },
    );
  });

  it('keeps every DLQ record it cannot read as an undecodable entry with its bytes; never replays it', async () => {
    const topic = fx.topics.dlq('player');
    const correlationId = uniqueName('garbage');
    const garbage = Buffer.from([0x0f, 0xde, 0xad, 0xbe, 0xef]);
    const producer = fx.kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          // Malformed protobuf, with the headers a dead letter would carry.
          {
            key: 'k-garbage',
            value: garbage,
            headers: {
              [Headers.DlqComponent]: 'mystery',
              [Headers.CorrelationId]: correlationId,
            },
          },
          // A readable DeadLetter without its id: no key, no headers.
          { key: null, value: Buffer.from(encode(DeadLetterSchema, create(DeadLetterSchema, {}))) },
          // Another registered type on a DLQ topic.
          {
            key: null,
            value: Buffer.from(
              encode(
                CommandBookSchema,
                buildCommandBook(fx.registry, {
                  domain: 'player',
                  root: rootToString(newRoot()),
                  command: create(RegisterPlayerSchema, { name: 'P', bankroll: 1 }),
                }),
              ),
            ),
          },
          // A tombstone: no value at all.
          { key: 'k-tombstone', value: null },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const page = await waitForEntries('domain=player&reason=undecodable_dead_letter', 4);
    expect(page.items).toHaveLength(4);
    const byOffset = [...page.items].sort(
      (a, b) => a.dlq.partition - b.dlq.partition || Number(a.dlq.offset) - Number(b.dlq.offset),
    );
    for (const entry of byOffset) {
      expect(entry).toMatchObject({
        domain: 'player',
        status: 'open',
        payloadKind: 'raw',
        errorType: 'PoisonMessageError',
        dlq: { topic },
      });
      expect(entry.id).toBe(
        deterministicId('undecodable-dead-letter', topic, entry.dlq.partition, entry.dlq.offset),
      );
    }
    const messages = page.items.map((e) => e.errorMessage).sort();
    expect(messages.filter((m) => m === 'dead letter without an id')).toHaveLength(2);
    expect(messages.filter((m) => m.startsWith('cannot decode dead letter: '))).toHaveLength(2);

    const mystery = page.items.find((e) => e.component === 'mystery')!;
    expect(mystery.correlationId).toBe(correlationId);
    const detail = (await call(fx, 'GET', `/api/dead-letters/${mystery.id}`))
      .body as DeadLetterDetail;
    expect(detail.deadLetter).toMatchObject({ base64: garbage.toString('base64') });

    const replay = await call(fx, 'POST', `/api/dead-letters/${mystery.id}/replay`);
    expect(replay.status).toBe(409);
    expect((replay.body as { message: string }).message).toBe(
      `dead letter ${mystery.id} could not be decoded; it cannot be replayed`,
    );
    const discard = await call(fx, 'POST', `/api/dead-letters/${mystery.id}/discard`, {
      body: { note: 'garbage from a test producer' },
    });
    expect(discard.status).toBe(200);
  });

  it('counts a redelivered undecodable DLQ record once, as a second delivery', async () => {
    const record: IncomingMessage = {
      topic: fx.topics.dlq('table'),
      partition: 1,
      offset: '987654',
      key: null,
      value: Uint8Array.from([0xff, 0xff]),
      headers: {},
    };
    const ingestor = fx.app.get(DlqIngestor);
    await ingestor.ingest(record);
    await ingestor.ingest({ ...record });
    const id = deterministicId('undecodable-dead-letter', record.topic, 1, '987654');
    const { body } = await call(fx, 'GET', `/api/dead-letters/${id}`);
    expect((body as DeadLetterDetail).entry).toMatchObject({
      reason: 'undecodable_dead_letter',
      deliveries: 2,
    });
  });

  it('refuses bad bodies and parameters of the API with a 400 that says what to fix', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/dead-letters/replay', undefined, /give a filter, or "all": true/],
      ['POST', '/api/dead-letters/replay', { filter: 'x' }, /filter must be an object/],
      ['POST', '/api/dead-letters/replay', { all: true, max: 0 }, /max must be an integer/],
      ['POST', '/api/dead-letters/replay', { filter: { colour: 'red' } }, /colour/],
      ['POST', '/api/dead-letters/x/discard', { note: 'n'.repeat(2001) }, /note is required/],
      ['POST', '/api/dead-letters/x/discard', { note: 7 }, /note is required/],
      ['GET', '/api/escalations?limit=abc', undefined, /limit must be an integer from 1 to 500/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await call(fx, method, path, body === undefined ? {} : { body });
      expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
      expect((res.body as { message: string }).message).toMatch(message);
    }
    for (const operator of ['<script>', 'o'.repeat(65)]) {
      const res = await call(fx, 'POST', '/api/dead-letters/x/replay', {
        headers: { 'x-operator': operator },
      });
      expect({ operator, status: res.status }).toEqual({ operator, status: 400 });
      expect((res.body as { message: string }).message).toMatch(/x-operator must be 1-64/);
    }
    const malformed = await fetch(`${fx.url}/api/dead-letters/replay`, {
      method: 'POST',
      body: '{"filter":',
      headers: { authorization: `Bearer ${fx.token}`, 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const oversized = await call(fx, 'POST', '/api/dead-letters/x/discard', {
      body: { note: 'n'.repeat(200_000) },
    });
    expect(oversized.status).toBe(413);
  });

  it('receives signed escalations once per delivery and refuses bad signatures', async () => {
    const body = JSON.stringify({ reason: 'player_folded', correlationId: 'c-1' });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = createHmac('sha256', fx.config.escalationSecret!)
      .update(`${ts}.${body}`)
      .digest('hex');
    const send = (signature: string, delivery: string) =>
      fetch(`${fx.url}/webhooks/escalations`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-sagakit-signature': `v1=${signature}`,
          'x-sagakit-timestamp': ts,
          'x-sagakit-delivery': delivery,
          'x-sagakit-event': 'saga.escalated',
        },
      });
    const delivery = uniqueName('d');
    expect((await send(sig, delivery)).status).toBe(202);
    expect(await (await send(sig, delivery)).json()).toMatchObject({ duplicate: true });
    expect((await send('0'.repeat(64), uniqueName('d'))).status).toBe(401);
    const listed = (await call(fx, 'GET', '/api/escalations')).body as {
      deliveryId: string;
      event: string;
    }[];
    expect(listed.filter((e) => e.deliveryId === delivery)).toEqual([
      expect.objectContaining({ event: 'saga.escalated' }),
    ]);
  });

  it('refuses escalations without a signature, timestamp or usable delivery id, stale or oversized', async () => {
    const body = JSON.stringify({ reason: 'player_folded' });
    const signed = (at: Date, payload = body) =>
      signWebhook({ body: payload, secret: fx.config.escalationSecret!, at });
    const post = async (headers: Record<string, string>, payload = body) => {
      const res = await fetch(`${fx.url}/webhooks/escalations`, {
        method: 'POST',
        body: payload,
        headers: { 'content-type': 'application/json', ...headers },
      });
      return { status: res.status, message: ((await res.json()) as { message: string }).message };
    };
    const now = new Date();
    const delivery = { [WebhookHeaders.DeliveryId]: uniqueName('d') };
    const { [WebhookHeaders.Timestamp]: ts, [WebhookHeaders.Signature]: sig } = signed(now);
    expect(await post({ ...delivery, [WebhookHeaders.Timestamp]: ts! })).toEqual({
      status: 401,
      message: 'invalid webhook signature (missing_signature)',
    });
    expect(await post({ ...delivery, [WebhookHeaders.Signature]: sig! })).toEqual({
      status: 401,
      message: 'invalid webhook signature (missing_timestamp)',
    });
    expect(
      await post({
        ...delivery,
        [WebhookHeaders.Signature]: sig!,
        [WebhookHeaders.Timestamp]: 'soon',
      }),
    ).toEqual({ status: 401, message: 'invalid webhook signature (invalid_timestamp)' });
    expect(await post({ ...delivery, ...signed(new Date(now.getTime() - 3_600_000)) })).toEqual({
      status: 401,
      message: 'invalid webhook signature (timestamp_outside_tolerance)',
    });
    const noDelivery: Record<string, string>[] = [
      {},
      { [WebhookHeaders.DeliveryId]: 'has spaces/and slashes' },
    ];
    for (const headers of noDelivery) {
      expect(await post({ ...headers, ...signed(now) })).toEqual({
        status: 400,
        message: `${WebhookHeaders.DeliveryId} must be 1-128 word characters`,
      });
    }
    const big = JSON.stringify({ reason: 'x'.repeat(200_000) });
    expect((await post({ ...delivery, ...signed(now, big) }, big)).status).toBe(413);
    const listed = (await call(fx, 'GET', '/api/escalations')).body as { deliveryId: string }[];
    expect(listed.filter((e) => e.deliveryId === delivery[WebhookHeaders.DeliveryId])).toEqual([]);
  });

  it('exposes Prometheus metrics', async () => {
    const res = await call(fx, 'GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /sagakit_dlq_received_total\{domain="table",reason="handler_error"\} \d+/,
    );
    expect(res.text).toMatch(/sagakit_dlq_entries\{status="replayed"\} [1-9]/);
    // One replay of a table entry, and a bulk replay of player entries, counted by their domain.
    expect(res.text).toMatch(/sagakit_dlq_replayed_total\{domain="table"\} [1-9]/);
    expect(res.text).toMatch(/sagakit_dlq_replayed_total\{domain="player"\} [1-9]/);
  });

  /** Headers of the first `count` records of a topic. */
  async function readTopic(topic: string, count: number): Promise<Record<string, string>[]> {
    const consumer = fx.kafka.consumer({ groupId: uniqueName('reader'), ...TEST_CONSUMER_CONFIG });
    const seen: Record<string, string>[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const joined = waitForGroupJoin(consumer);
      await consumer.run({
        eachMessage: ({ message }) => {
          seen.push(
            Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          );
          return Promise.resolve();
        },
      });
      await joined;
      await waitFor(() => seen.length >= count, {
        timeoutMs: 20_000,
        message: `${count} records on ${topic}`,
      });
      return seen;
    } finally {
      await consumer.disconnect();
    }
  }
});
