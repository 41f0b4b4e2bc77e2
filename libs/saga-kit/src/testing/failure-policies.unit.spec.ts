import { create } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  AbortHandSchema,
  CreditPlayerStackSchema,
  FoldSchema,
  PlaceBetSchema,
  PlayerSatOutSchema,
  ReserveFundsSchema,
} from '@poker/contracts';
import type { EscalationPayload } from '../escalation/escalation-payload';
import { WebhookHeaders } from '../escalation/webhook-headers';
import { verifyWebhookSignature } from '../escalation/webhook-signature';
import { TransientError } from '../errors/transient.error';
import {
  RevocationResponseSchema,
  SagaCompensationFailedSchema,
} from '../gen/sagakit/v1/failure_pb';
import { Headers } from '../messaging/headers';
import { newRoot, rootToString, uuidToBytes } from '../messaging/ids';
import { shortTypeName } from '../messaging/type-registry';
import type { AbortRecord, AbortRegistry } from '../ports/abort-registry.port';
import { toSequence } from '../runtime/envelope/sequence';
import { waitFor } from './conformance/wait-for';
import {
  pokerWorld,
  recordingFetch,
  requestSeat,
  seatedHand,
  seatingWorld,
  tableAndPlayer,
} from './fixtures';
import type { Harness } from './harness';

const types = (h: Harness, domain: string, root: string) =>
  h.history(domain, root).then((events) => events.map((e) => shortTypeName(e.$typeName)));

describe('failure policies: a rejection business logic cannot fix', () => {
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('insufficient balance sits the player out: an event, no dead letter, no escalation', async () => {
    h = await seatingWorld();
    const ids = await tableAndPlayer(h, 100);
    await requestSeat(h, ids, 500, 'seat-1');

    expect(await types(h, 'table', ids.table)).toEqual([
      'TableOpened',
      'SeatRequested',
      'PlayerSatOut',
    ]);
    expect((await h.history('table', ids.table))[2]).toEqual(
      create(PlayerSatOutSchema, {
        playerId: uuidToBytes(ids.player),
        reason: 'insufficient_balance',
      }),
    );
    expect(h.deadLetters('table')).toEqual([]);
    const kinds = (await h.timeline('seat-1')).map((e) => e.kind);
    expect(kinds).toContain('compensation.appended');
    expect(kinds.filter((k) => k.startsWith('escalation') || k === 'revocation.delegated')).toEqual(
      [],
    );
  });

  it('any other reason: exactly one dead letter on the DLQ and one signed webhook', async () => {
    const receiver = recordingFetch();
    h = await seatingWorld({
      escalation: {
        webhooks: [{ url: 'https://floor.example/alerts', secret: 'floor-secret' }],
        fetch: receiver.fetch,
        pollIntervalMs: 0,
      },
    });
    const audit = h.audit;
    const ids = await tableAndPlayer(h); // the player was never registered
    await requestSeat(h, ids, 500, 'seat-2');
    await waitFor(
      () => audit.all().some((e) => e.kind === 'escalation.delivered'),
      5_000,
      'the escalation to be delivered',
    );

    // One dead letter: the rejected command, why, where it failed, and the flow.
    const letters = h.deadLetters('table');
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.payload.case).toBe('command');
    const rejected = letter.payload.case === 'command' ? letter.payload.value : undefined;
    expect(h.registry.unpack(rejected!.command!)).toEqual(
      create(ReserveFundsSchema, { tableId: uuidToBytes(ids.table), amount: 500, seat: 2 }),
    );
    expect(letter).toMatchObject({
      reason: 'seat request failed: player_not_registered',
      sourceComponent: 'table',
      sourceComponentType: 'aggregate',
      attempts: 1,
      error: { type: 'CommandRejectedError' },
    });
    expect(letter.error?.message).toContain('player_not_registered');
    expect(letter.cover).toMatchObject({ domain: 'table', correlationId: 'seat-2' });
    expect(rootToString(letter.cover!.root)).toBe(ids.table);
    expect(timestampDate(letter.lastFailedAt!)).toEqual(h.clock.now());
    const [dlq] = h.transport.messages(h.topics.dlq('table'));
    expect(dlq?.headers).toMatchObject({
      [Headers.DlqReason]: 'seat request failed: player_not_registered',
      [Headers.DlqComponent]: 'table',
      [Headers.CorrelationId]: 'seat-2',
      [Headers.Kind]: 'dead-letter',
    });

    // One webhook, signed; the body follows the documented schema.
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0]!;
    expect(request.url).toBe('https://floor.example/alerts');
    const body = JSON.parse(request.body) as EscalationPayload;
    expect(body).toMatchObject({
      schema: 'sagakit.escalation.v1',
      type: 'saga.escalated',
      correlation_id: 'seat-2',
      source: { domain: 'table', root: ids.table, sequence: 1 },
      saga: 'table-seating',
      rejected_command: { domain: 'player', root: ids.player, type: 'poker.v1.ReserveFunds' },
      rejection_reason: 'player_not_registered',
      compensation_reason: 'seat request failed: player_not_registered',
      occurred_at: h.clock.now().toISOString(),
    });
    expect(request.headers.get(WebhookHeaders.DeliveryId)).toBe(body.delivery_id);
    expect(request.headers.get(WebhookHeaders.Event)).toBe('saga.escalated');
    const verify = (raw: string, secret = 'floor-secret') =>
      verifyWebhookSignature({ body: raw, headers: request.headers, secret, now: h!.clock.now() });
    expect(verify(request.body)).toMatchObject({ valid: true, deliveryId: body.delivery_id });
    expect(verify(request.body.replace('player_not_registered', 'player_registered'))).toEqual({
      valid: false,
      reason: 'signature_mismatch',
    });
    expect(verify(request.body, 'other-secret')).toMatchObject({ valid: false });

    const kinds = (await h.timeline('seat-2')).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'revocation.delegated',
        'dead-letter.sent',
        'escalation.queued',
        'escalation.delivered',
        'notification.handled',
      ]),
    );
  });

  it('no handler: the fallback appends SagaCompensationFailed to the source stream and timeline', async () => {
    const world = await pokerWorld();
    h = world.harness;
    const seated = await seatedHand(h);
    const stranger = rootToString(newRoot());
    for (const player of [seated.player, stranger]) {
      await h.send({
        domain: 'hand',
        root: seated.hand,
        command: create(PlaceBetSchema, { playerId: uuidToBytes(player), amount: 7 }),
      });
    }
    await h.waitForIdle();
    // The refund to the player the table never seated is refused; the hand has no handler.
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(AbortHandSchema, { reason: 'table_closed' }),
      correlationId: 'abort-1',
    });
    await h.waitForIdle();

    const pages = await h.pages('hand', seated.hand);
    const failed = pages.filter((p) => p.event?.typeUrl.endsWith('SagaCompensationFailed'));
    expect(failed).toHaveLength(1);
    const event = h.registry.unpackAs(failed[0]!.event!, SagaCompensationFailedSchema);
    const refunded = pages.find((p) => p.event?.typeUrl.endsWith('PotsRefunded'))!;
    expect(event).toMatchObject({
      saga: 'hand-table',
      rejectionReason: 'player_not_seated',
      compensationFailureReason: 'no @Rejected handler for table/CreditPlayerStack on hand',
      triggeringEventSequence: refunded.sequence,
    });
    expect(event.triggeringAggregate).toMatchObject({ domain: 'hand', correlationId: 'abort-1' });
    expect(h.registry.unpack(event.rejectedCommand!.command!)).toMatchObject(
      create(CreditPlayerStackSchema, {
        handId: uuidToBytes(seated.hand),
        playerId: uuidToBytes(stranger),
        amount: 0, // the stranger's bet was reverted before the hand was aborted
        reason: 'table_closed',
      }),
    );
    expect(timestampDate(event.occurredAt!)).toEqual(h.clock.now());

    const appended = (await h.timeline('abort-1')).filter(
      (e) => e.kind === 'system-revocation.appended',
    );
    expect(appended).toEqual([
      expect.objectContaining({
        domain: 'hand',
        root: seated.hand,
        sequences: [toSequence(failed[0]!.sequence)],
        eventTypes: ['SagaCompensationFailed'],
        reason: 'no @Rejected handler for table/CreditPlayerStack on hand',
      }),
    ]);
  });

  it('escalate without a configured webhook is dead-lettered, never dropped', async () => {
    const world = await pokerWorld();
    h = world.harness;
    const seated = await seatedHand(h);
    await h.send({
      domain: 'hand',
      root: seated.hand,
      command: create(FoldSchema, { playerId: newRoot() }),
      correlationId: 'fold-1',
    });
    await h.waitForIdle();

    const letters = h.deadLetters('hand');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      reason: 'no_escalation_webhook_configured',
      sourceComponentType: 'webhook',
    });
    const raw = letters[0]!.payload.case === 'raw' ? letters[0]!.payload.value : new Uint8Array();
    expect(JSON.parse(Buffer.from(raw).toString('utf8'))).toMatchObject({
      type: 'saga.escalated',
      compensation_reason: 'table out of sync: player_not_seated',
    });
    const failed = (await h.timeline('fold-1')).filter((e) => e.kind === 'escalation.failed');
    expect(failed).toEqual([
      expect.objectContaining({ reason: 'no_escalation_webhook_configured' }),
    ]);
  });

  describe('every flag at once, with a failing step', () => {
    const everything = create(RevocationResponseSchema, {
      emitSystemRevocation: true,
      sendToDeadLetterQueue: true,
      escalate: true,
      abort: true,
    });

    /** An abort registry that fails the first `failures` calls with `error`. */
    function failingRegistry(failures: number, error: () => Error) {
      const records = new Map<string, AbortRecord>();
      let calls = 0;
      const registry: AbortRegistry = {
        abort(record) {
          calls += 1;
          if (calls <= failures) return Promise.reject(error());
          const first = !records.has(record.correlationId);
          if (first) records.set(record.correlationId, record);
          return Promise.resolve(first);
        },
        isAborted: (id) => Promise.resolve(records.has(id)),
        get: (id) => Promise.resolve(records.get(id)),
      };
      return { registry, calls: () => calls };
    }

    async function refuseRefund(registry: AbortRegistry) {
      const world = await pokerWorld({ fallback: everything, abortRegistry: registry });
      h = world.harness;
      const seated = await seatedHand(h);
      await h.send({
        domain: 'hand',
        root: seated.hand,
        command: create(PlaceBetSchema, { playerId: newRoot(), amount: 3 }),
      });
      await h.waitForIdle();
      await h.send({
        domain: 'hand',
        root: seated.hand,
        command: create(AbortHandSchema, { reason: 'table_closed' }),
        correlationId: 'all-flags',
      });
      await h.waitForIdle();
      return seated;
    }

    it('runs the other steps, records the failure, and retries only what failed', async () => {
      const flaky = failingRegistry(1, () => new TransientError('registry unavailable'));
      const seated = await refuseRefund(flaky.registry);

      expect(flaky.calls()).toBe(2);
      expect(await flaky.registry.isAborted('all-flags')).toBe(true);
      const history = await types(h!, 'hand', seated.hand);
      expect(history.filter((t) => t === 'SagaCompensationFailed')).toHaveLength(1);
      expect(h!.deadLetters('hand').map((d) => d.reason)).toEqual([
        'no @Rejected handler for table/CreditPlayerStack on hand',
        'no_escalation_webhook_configured',
      ]);
      const timeline = await h!.timeline('all-flags');
      expect(timeline.filter((e) => e.kind === 'failure-policy.failed')).toEqual([
        expect.objectContaining({
          reason: 'registry unavailable',
          details: expect.objectContaining({ step: 'abort' }) as unknown,
        }),
      ]);
      expect(timeline.filter((e) => e.kind === 'saga.aborted')).toHaveLength(1);
      expect(timeline.filter((e) => e.kind === 'notification.handled')).toHaveLength(1);
    });

    it('a non-retriable step failure leaves the rejection unhandled and dead-letters the notification', async () => {
      const broken = failingRegistry(Infinity, () => new RangeError('registry bug'));
      const seated = await refuseRefund(broken.registry);

      expect(broken.calls()).toBe(1);
      // The other steps ran.
      expect(await types(h!, 'hand', seated.hand)).toContain('SagaCompensationFailed');
      const letters = h!.deadLetters('hand');
      expect(letters.map((d) => d.reason)).toEqual([
        'no @Rejected handler for table/CreditPlayerStack on hand',
        'no_escalation_webhook_configured',
        'handler_error',
      ]);
      expect(letters[2]).toMatchObject({
        error: { type: 'FailurePolicyError' },
        payload: { case: 'notification' },
      });
      expect(letters[2]?.error?.message).toContain('abort: registry bug');
      const timeline = await h!.timeline('all-flags');
      expect(timeline.filter((e) => e.kind === 'notification.handled')).toEqual([]);
    });
  });
});
