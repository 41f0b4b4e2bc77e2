import { ServiceUnavailableException } from '@nestjs/common';
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
