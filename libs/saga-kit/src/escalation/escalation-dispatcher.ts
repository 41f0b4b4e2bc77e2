import type { Logger } from 'pino';
import { deterministicId } from '../messaging/ids';
import type { Clock } from '../ports/clock.port';
import type { Job } from '../ports/job-queue.port';
import type { AuditRecorder } from '../runtime/audit/audit-recorder';
import type { DeadLetterPublisher } from '../runtime/dead-letter/dead-letter-publisher';
import { backoffDelay } from '../runtime/retry/backoff';
import { PollingLoop } from '../runtime/scheduler/polling-loop';
import { escalationCover, parseEscalationJob, type EscalationJob } from './escalation-job';
import type { ResolvedEscalationOptions, WebhookAttemptEvent } from './escalation-options';
import { attemptWebhook, WebhookDeliveryError, type WebhookAttempt } from './webhook-client';

/** Dead-letter reasons of webhook deliveries that gave up. */
export const WEBHOOK_DEAD_LETTER_REASONS = {
  /** The receiver answered with a status that retrying cannot change (4xx, redirect). */
  rejected: 'webhook_rejected',
  /** Every attempt failed with a retriable error. */
  exhausted: 'webhook_retries_exhausted',
  /** The job names an endpoint that is no longer configured. */
  unknownEndpoint: 'webhook_not_configured',
  /** The job cannot be read. */
  invalidJob: 'invalid_escalation_job',
} as const;

/** Longest `Retry-After` honoured; a longer one is cut to it. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** What the dispatcher works with. */
export interface EscalationDispatcherDeps {
  readonly options: ResolvedEscalationOptions;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly deadLetters: DeadLetterPublisher;
  readonly logger: Logger;
}

/**
 * Delivers queued escalations: claims due jobs, POSTs each with a timeout, then acks
 * (`escalation.delivered`), reschedules with jittered exponential backoff, or, when the receiver
 * refuses or attempts run out, dead-letters the body (component type `webhook`) with an
 * `escalation.failed` entry. Runs in the background, never on the command path; a job whose
 * worker died is claimed again when its lease ends (same delivery id).
 */
export class EscalationDispatcher {
  private readonly loop: PollingLoop;
  private stopping = new AbortController();

  constructor(private readonly deps: EscalationDispatcherDeps) {
    this.loop = new PollingLoop(async () => (await this.runOnce()) >= deps.options.batchSize, {
      name: 'escalations',
      intervalMs: deps.options.pollIntervalMs,
      logger: deps.logger,
    });
  }

  /** Starts the background loop; a no-op without webhooks. */
  start(): void {
    if (!this.deps.options.queue) return;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.loop.start();
  }

  /** Wakes the background loop (after deliveries were queued). */
  nudge(): void {
    this.loop.nudge();
  }

  /** Aborts attempts in flight (their jobs are claimed again after the lease) and stops. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop.stop();
  }

  /** Claims the due deliveries and attempts each once, in parallel; resolves with their number. */
  async runOnce(): Promise<number> {
    const { options, clock } = this.deps;
    const queue = options.queue;
    if (!queue) return 0;
    const jobs = await queue.claim(clock.now(), options.batchSize, options.leaseMs);
    await Promise.all(jobs.map((job) => this.deliver(job)));
    return jobs.length;
  }

  private async deliver(job: Job): Promise<void> {
    try {
      await this.attempt(job);
    } catch (error) {
      // The queue, audit log or DLQ failed: the job stays claimed and comes back after its lease.
      this.deps.logger.error(
        { jobId: job.id, attempt: job.attempts, err: error },
        'escalation delivery step failed',
      );
    }
  }

  private async attempt(job: Job): Promise<void> {
    const { options, clock, logger } = this.deps;
    const queue = options.queue;
    if (!queue) return;
    let parsed: EscalationJob;
    try {
      parsed = parseEscalationJob(job.payload);
    } catch (error) {
      await this.deps.deadLetters.publish({
        id: deterministicId('dead-letter', 'webhook', job.id),
        domain: 'sagakit',
        reason: WEBHOOK_DEAD_LETTER_REASONS.invalidJob,
        error,
        component: 'escalation',
        componentType: 'webhook',
        payload: { case: 'raw', value: Buffer.from(job.payload, 'utf8') },
        attempts: job.attempts,
        firstFailedAt: job.dueAt,
        lastFailedAt: clock.now(),
      });
      await queue.ack(job.id);
      return;
    }
    const endpoint = options.endpoints.get(parsed.webhook);
    if (!endpoint) {
      await this.giveUp(job, parsed, WEBHOOK_DEAD_LETTER_REASONS.unknownEndpoint, undefined);
      return;
    }
    const outcome = await attemptWebhook(
      {
        url: endpoint.url,
        secret: endpoint.secret,
        body: parsed.body,
        deliveryId: parsed.deliveryId,
        eventType: parsed.eventType,
        at: clock.now(),
      },
      { timeoutMs: options.timeoutMs, fetch: options.fetch, stop: this.stopping.signal },
    );
    const context = {
      deliveryId: parsed.deliveryId,
      webhook: parsed.webhook,
      correlationId: parsed.correlationId,
      attempt: job.attempts,
    };
    this.report({
      deliveryId: parsed.deliveryId,
      webhook: parsed.webhook,
      attempt: job.attempts,
      outcome: outcome.kind,
      reason: outcome.kind === 'delivered' ? undefined : outcome.reason,
      status: outcome.status,
    });
    if (outcome.kind === 'delivered') {
      await this.deps.audit.record({
        ...this.facts(parsed),
        kind: 'escalation.delivered',
        key: [parsed.deliveryId],
        details: {
          deliveryId: parsed.deliveryId,
          webhook: parsed.webhook,
          status: outcome.status,
          attempts: job.attempts,
        },
      });
      await queue.ack(job.id);
      logger.info({ ...context, status: outcome.status }, 'escalation delivered');
      return;
    }
    if (outcome.kind === 'retriable' && outcome.reason === 'stopped') return;
    if (outcome.kind === 'rejected' || job.attempts > options.retry.retries) {
      const reason =
        outcome.kind === 'rejected'
          ? WEBHOOK_DEAD_LETTER_REASONS.rejected
          : WEBHOOK_DEAD_LETTER_REASONS.exhausted;
      await this.giveUp(job, parsed, reason, outcome);
      return;
    }
    // A receiver's Retry-After wins over the backoff (within an hour): it knows its own load.
    const retryAfterMs = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
    const delayMs = Math.max(
      backoffDelay(job.attempts, options.retry, options.random),
      retryAfterMs,
    );
    await queue.reschedule(job.id, new Date(clock.now().getTime() + delayMs));
    logger.warn(
      { ...context, reason: outcome.reason, status: outcome.status, delayMs, err: outcome.error },
      'escalation delivery failed; retrying later',
    );
  }

  private async giveUp(
    job: Job,
    parsed: EscalationJob,
    reason: string,
    outcome: WebhookAttempt | undefined,
  ): Promise<void> {
    const { options, clock } = this.deps;
    const status = outcome && outcome.kind !== 'delivered' ? outcome.status : undefined;
    const detail = outcome && outcome.kind !== 'delivered' ? outcome.reason : reason;
    const error = new WebhookDeliveryError(
      `escalation to ${parsed.webhook} failed after ${job.attempts} attempt(s): ${detail}`,
      status,
      outcome?.kind === 'retriable',
      outcome && 'error' in outcome ? outcome.error : undefined,
    );
    const letter = await this.deps.deadLetters.publish({
      id: deterministicId('dead-letter', 'webhook', parsed.deliveryId),
      domain: parsed.domain,
      reason,
      error,
      component: `webhook:${parsed.webhook}`,
      componentType: 'webhook',
      payload: { case: 'raw', value: Buffer.from(parsed.body, 'utf8') },
      cover: escalationCover(parsed),
      attempts: job.attempts,
      firstFailedAt: new Date(parsed.queuedAt),
      lastFailedAt: clock.now(),
    });
    await this.deps.audit.record({
      ...this.facts(parsed),
      kind: 'escalation.failed',
      key: [parsed.deliveryId],
      reason,
      details: {
        deliveryId: parsed.deliveryId,
        webhook: parsed.webhook,
        attempts: job.attempts,
        deadLetterId: letter.id,
        ...(status === undefined ? {} : { status }),
      },
    });
    await options.queue?.ack(job.id);
    this.deps.logger.error(
      {
        deliveryId: parsed.deliveryId,
        webhook: parsed.webhook,
        correlationId: parsed.correlationId,
        reason,
        attempt: job.attempts,
      },
      'escalation dead-lettered',
    );
  }

  /** Tells the `onAttempt` listener; a throwing listener cannot break delivery. */
  private report(attempt: WebhookAttemptEvent): void {
    try {
      this.deps.options.onAttempt?.(attempt);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'onAttempt listener failed');
    }
  }

  private facts(job: EscalationJob) {
    return {
      correlationId: job.correlationId,
      domain: job.domain,
      root: job.root,
      component: `webhook:${job.webhook}`,
    };
  }
}
