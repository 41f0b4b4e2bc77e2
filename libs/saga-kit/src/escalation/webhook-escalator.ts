import type { Logger } from 'pino';
import type { RevocationResponse } from '../gen/sagakit/v1/failure_pb';
import { deterministicId } from '../messaging/ids';
import type { Clock } from '../ports/clock.port';
import type { JobQueue } from '../ports/job-queue.port';
import type { AuditRecorder } from '../runtime/audit/audit-recorder';
import type { DeadLetterPublisher } from '../runtime/dead-letter/dead-letter-publisher';
import type { RejectionContext } from '../runtime/definition/handler-types';
import type { EscalationSink } from '../runtime/failure/failure-policy-deps';
import { rejectionFacts } from '../runtime/rejection/rejection-audit';
import { ESCALATION_EVENT_TYPE, escalationPayload } from './escalation-payload';
import { escalationDeliveryId, type EscalationJob } from './escalation-job';
import type { WebhookEndpoint } from './escalation-options';

/** Dead-letter reason of an escalation asked for while no webhook is configured. */
export const NO_ESCALATION_WEBHOOK = 'no_escalation_webhook_configured';

/** What the escalator works with. */
export interface WebhookEscalatorDeps {
  readonly endpoints: ReadonlyMap<string, Required<WebhookEndpoint>>;
  readonly queue: JobQueue | undefined;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly deadLetters: DeadLetterPublisher;
  readonly logger: Logger;
  /** Called once deliveries were queued (wakes the dispatcher). */
  readonly onQueued?: () => void;
}

/**
 * The `escalate` flag: queues one signed delivery per configured webhook (idempotent by
 * delivery id) and returns; the dispatcher delivers them off the command path. Without any
 * webhook the escalation is not dropped: it becomes a dead letter with reason
 * `no_escalation_webhook_configured` (component type `webhook`) and an `escalation.failed` entry.
 */
export class WebhookEscalator implements EscalationSink {
  constructor(private readonly deps: WebhookEscalatorDeps) {}

  async escalate(rejection: RejectionContext, response: RevocationResponse): Promise<void> {
    const { deps } = this;
    const facts = rejectionFacts(rejection, rejection.source.domain);
    if (deps.endpoints.size === 0 || !deps.queue) {
      await this.deadLetterUnconfigured(rejection, response);
      return;
    }
    for (const endpoint of deps.endpoints.values()) {
      const deliveryId = escalationDeliveryId(rejection.notificationId, endpoint.name);
      const job: EscalationJob = {
        webhook: endpoint.name,
        deliveryId,
        eventType: ESCALATION_EVENT_TYPE,
        body: JSON.stringify(escalationPayload(rejection, response, deliveryId)),
        correlationId: rejection.correlationId,
        domain: facts.domain,
        root: facts.root,
        queuedAt: deps.clock.now().toISOString(),
      };
      await deps.queue.enqueue({
        id: deliveryId,
        payload: JSON.stringify(job),
        dueAt: deps.clock.now(),
      });
      await deps.audit.record({
        ...facts,
        kind: 'escalation.queued',
        key: [deliveryId],
        reason: response.reason,
        details: { deliveryId, webhook: endpoint.name },
      });
    }
    deps.onQueued?.();
  }

  private async deadLetterUnconfigured(
    rejection: RejectionContext,
    response: RevocationResponse,
  ): Promise<void> {
    const { deps } = this;
    const deliveryId = escalationDeliveryId(rejection.notificationId, '');
    const body = JSON.stringify(escalationPayload(rejection, response, deliveryId));
    deps.logger.error(
      { correlationId: rejection.correlationId, domain: rejection.source.domain },
      'escalation asked for but no webhook is configured: dead-lettering it',
    );
    const letter = await deps.deadLetters.publish({
      id: deterministicId('dead-letter', 'escalation', rejection.notificationId),
      domain: rejection.source.domain,
      reason: NO_ESCALATION_WEBHOOK,
      component: 'escalation',
      componentType: 'webhook',
      payload: { case: 'raw', value: Buffer.from(body, 'utf8') },
      cover: rejection.source,
      attempts: 0,
      firstFailedAt: rejection.now,
      lastFailedAt: deps.clock.now(),
    });
    await deps.audit.record({
      ...rejectionFacts(rejection, rejection.source.domain),
      kind: 'escalation.failed',
      key: [deliveryId],
      reason: NO_ESCALATION_WEBHOOK,
      details: { deadLetterId: letter.id },
    });
  }
}
