import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { signWebhook, WebhookHeaders } from '@saga-kit/core';
import { pino } from 'pino';
import type { DlqInfra } from '../infra/dlq-infra';
import type { DlqMetrics } from '../metrics/dlq-metrics';
import type { EscalationInbox } from './escalation-inbox';
import { EscalationsController } from './escalations.controller';

const SECRET = 'whsec-unit-secret';

/** The controller on fakes: what its inbox kept, and the outcomes it counted. */
function receiver(escalationSecret: string | undefined) {
  const added: unknown[] = [];
  const outcomes: string[] = [];
  const infra = {
    config: { escalationSecret, escalationToleranceMs: 300_000, maskFields: [] },
    clock: { now: () => new Date() },
    logger: pino({ level: 'silent' }),
  } as unknown as DlqInfra;
  const inbox = {
    add: (record: unknown) => Promise.resolve(added.push(record) > 0),
  } as unknown as EscalationInbox;
  const metrics = {
    escalations: { inc: (labels: { outcome: string }) => outcomes.push(labels.outcome) },
  } as unknown as DlqMetrics;
  return { controller: new EscalationsController(infra, inbox, metrics), added, outcomes };
}

const signed = (body: Buffer, extra: Record<string, string> = {}, secret = SECRET) => ({
  ...signWebhook({ body, secret, at: new Date() }),
  [WebhookHeaders.DeliveryId]: 'd-1',
  ...extra,
});

describe('escalation webhook receiver without a secret', () => {
  it('refuses every delivery with 503 naming the missing setting, and keeps nothing', async () => {
    const { controller, added, outcomes } = receiver(undefined);
    const body = Buffer.from('{"reason":"player_folded"}');

    const refused = controller.receive({ rawBody: body }, signed(body, {}, 'any'));
    await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(refused).rejects.toThrow('ESCALATION_WEBHOOK_SECRET is not configured');
    expect(added).toEqual([]);
    expect(outcomes).toEqual(['unconfigured']);
  });
});

describe('escalation webhook receiver', () => {
  it('keeps a signed alert with its event name', async () => {
    const { controller, added } = receiver(SECRET);
    const body = Buffer.from('{"reason":"player_folded"}');
    await expect(
      controller.receive(
        { rawBody: body },
        signed(body, { [WebhookHeaders.Event]: 'saga.escalated' }),
      ),
    ).resolves.toEqual({ accepted: true, duplicate: false });
    expect(added).toEqual([
      expect.objectContaining({
        deliveryId: 'd-1',
        event: 'saga.escalated',
        body: { reason: 'player_folded' },
      }),
    ]);
  });

  it.each([
    ['an empty body', '', {}, 'the escalation body is empty'],
    [
      'an event name that is not a word',
      '{}',
      { [WebhookHeaders.Event]: '<script>' },
      `${WebhookHeaders.Event} must be 1-64 word characters`,
    ],
    [
      'an over-long event name',
      '{}',
      { [WebhookHeaders.Event]: 'e'.repeat(65) },
      `${WebhookHeaders.Event} must be 1-64 word characters`,
    ],
  ])('refuses %s with 400, keeping nothing', async (_what, text, extra, message) => {
    const { controller, added } = receiver(SECRET);
    const body = Buffer.from(text);
    const refused = controller.receive({ rawBody: body }, signed(body, extra));
    await expect(refused).rejects.toBeInstanceOf(BadRequestException);
    await expect(refused).rejects.toThrow(message);
    expect(added).toEqual([]);
  });
});
