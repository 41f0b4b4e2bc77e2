import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { signWebhook, WebhookHeaders } from '@saga-kit/core';
import { pino } from 'pino';
import type { DlqInfra } from '../infra/dlq-infra';
import type { DlqMetrics } from '../metrics/dlq-metrics';
import type { EscalationInbox } from './escalation-inbox';
import { EscalationsController } from './escalations.controller';

describe('escalation webhook receiver without a secret', () => {
  it('refuses every delivery with 503 naming the missing setting, and keeps nothing', async () => {
    const outcomes: string[] = [];
    const added: unknown[] = [];
    const infra = {
      config: { escalationSecret: undefined, escalationToleranceMs: 300_000, maskFields: [] },
      clock: { now: () => new Date() },
      logger: pino({ level: 'silent' }),
    } as unknown as DlqInfra;
    const inbox = {
      add: (record: unknown) => Promise.resolve(added.push(record) > 0),
    } as unknown as EscalationInbox;
    const metrics = {
      escalations: { inc: (labels: { outcome: string }) => outcomes.push(labels.outcome) },
    } as unknown as DlqMetrics;
    const controller = new EscalationsController(infra, inbox, metrics);
    const body = Buffer.from('{"reason":"player_folded"}');
    const headers = {
      ...signWebhook({ body, secret: 'any', at: new Date() }),
      [WebhookHeaders.DeliveryId]: 'd-1',
    };

    const refused = controller.receive({ rawBody: body }, headers);
    await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(refused).rejects.toThrow('ESCALATION_WEBHOOK_SECRET is not configured');
    expect(added).toEqual([]);
    expect(outcomes).toEqual(['unconfigured']);
  });
});

describe('escalation webhook receiver', () => {
  const secret = 'whsec-unit-secret';
  const setup = () => {
    const added: unknown[] = [];
    const infra = {
      config: { escalationSecret: secret, escalationToleranceMs: 300_000, maskFields: [] },
      clock: { now: () => new Date() },
      logger: pino({ level: 'silent' }),
    } as unknown as DlqInfra;
    const inbox = {
      add: (record: unknown) => Promise.resolve(added.push(record) > 0),
    } as unknown as EscalationInbox;
    const metrics = { escalations: { inc: () => undefined } } as unknown as DlqMetrics;
    return { controller: new EscalationsController(infra, inbox, metrics), added };
  };
  const signed = (body: Buffer, extra: Record<string, string> = {}) => ({
    ...signWebhook({ body, secret, at: new Date() }),
    [WebhookHeaders.DeliveryId]: 'd-1',
    ...extra,
  });

  it('keeps a signed alert with its event name', async () => {
    const { controller, added } = setup();
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
    const { controller, added } = setup();
    const body = Buffer.from(text);
    const refused = controller.receive({ rawBody: body }, signed(body, extra));
    await expect(refused).rejects.toBeInstanceOf(BadRequestException);
    await expect(refused).rejects.toThrow(message);
    expect(added).toEqual([]);
  });
});
