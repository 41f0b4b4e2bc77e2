import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
  type CounterConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import type { AuditEntry, AuditEntryKind } from '../../ports/audit-log.port';
import type { SagaKitMetricsOptions } from '../module/saga-kit-module-options.interface';

/** Audit ids remembered to count a fact once when a redelivery records it again. */
const RECENT_FACTS = 10_000;

/** Latency buckets (seconds) from a fast in-memory decision to a slow retried one. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const COMPENSATION_KINDS: Partial<Record<AuditEntryKind, string>> = {
  'compensation.appended': 'handler_events',
  'system-revocation.appended': 'system_revocation',
  'undo.revoked': 'revocation',
  'undo.compensated': 'compensate',
};

const ESCALATION_STATUS: Partial<Record<AuditEntryKind, string>> = {
  'escalation.queued': 'queued',
  'escalation.delivered': 'delivered',
  'escalation.failed': 'failed',
};

const COMMAND_OUTCOMES: Partial<Record<AuditEntryKind, string>> = {
  'command.accepted': 'accepted',
  'command.rejected': 'rejected',
  'command.failed': 'failed',
};

/**
 * saga-kit's Prometheus metrics for one service. Counters are fed from the audit trail (every
 * outcome, rejection, compensation and escalation is recorded there) and from the transport
 * (dead letters, consumer latency), so the runtime needs no metrics code of its own.
 */
export class SagaKitMetrics {
  readonly registry: Registry;
  readonly commands: Counter<'service' | 'domain' | 'type' | 'outcome'>;
  readonly rejections: Counter<'service' | 'domain' | 'type' | 'reason'>;
  readonly compensations: Counter<'service' | 'domain' | 'kind'>;
  readonly deadLetters: Counter<'service' | 'domain' | 'reason' | 'component'>;
  readonly escalations: Counter<'service' | 'domain' | 'status'>;
  readonly sagaCommands: Counter<'service' | 'saga' | 'type'>;
  readonly notifications: Counter<'service' | 'domain' | 'kind'>;
  readonly handlerDuration: Histogram<'service' | 'consumer' | 'channel' | 'outcome'>;
  private readonly recent = new Set<string>();

  constructor(
    readonly service: string,
    options: SagaKitMetricsOptions = {},
  ) {
    this.registry = options.registry ?? new Registry();
    if (!options.registry && options.defaultMetrics !== false) {
      collectDefaultMetrics({ register: this.registry });
    }
    this.commands = this.counter({
      name: 'sagakit_commands_total',
      help: 'Commands handled, by domain, command type and outcome (accepted, rejected, failed).',
      labelNames: ['service', 'domain', 'type', 'outcome'],
    });
    this.rejections = this.counter({
      name: 'sagakit_rejections_total',
      help: 'Business rejections, by domain, command type and reason.',
      labelNames: ['service', 'domain', 'type', 'reason'],
    });
    this.compensations = this.counter({
      name: 'sagakit_compensations_total',
      help: 'Undo steps appended: handler events, system revocations, revocation and compensate markers.',
      labelNames: ['service', 'domain', 'kind'],
    });
    this.deadLetters = this.counter({
      name: 'sagakit_dead_letters_total',
      help: 'Dead letters published, by DLQ domain, reason and component.',
      labelNames: ['service', 'domain', 'reason', 'component'],
    });
    this.escalations = this.counter({
      name: 'sagakit_escalations_total',
      help: 'Escalations, by status (queued, delivered, failed).',
      labelNames: ['service', 'domain', 'status'],
    });
    this.sagaCommands = this.counter({
      name: 'sagakit_saga_commands_total',
      help: 'Commands issued by sagas, by saga and command type.',
      labelNames: ['service', 'saga', 'type'],
    });
    this.notifications = this.counter({
      name: 'sagakit_notifications_total',
      help: 'Rejection notifications sent and handled, by domain.',
      labelNames: ['service', 'domain', 'kind'],
    });
    this.handlerDuration = this.histogram({
      name: 'sagakit_handler_duration_seconds',
      help: 'Time to handle one consumed message (retries included) or one gateway command.',
      labelNames: ['service', 'consumer', 'channel', 'outcome'],
      buckets: DURATION_BUCKETS,
    });
  }

  /** Counts one recorded audit fact; a fact seen recently (a redelivery) counts once. */
  observe(entry: AuditEntry): void {
    if (this.seen(entry.id)) return;
    const service = this.service;
    const domain = entry.domain;
    const type = entry.commandType ?? 'unknown';
    const outcome = COMMAND_OUTCOMES[entry.kind];
    if (outcome) this.commands.inc({ service, domain, type, outcome });
    if (entry.kind === 'command.rejected') {
      this.rejections.inc({ service, domain, type, reason: entry.reason ?? 'unknown' });
    }
    const compensation = COMPENSATION_KINDS[entry.kind];
    if (compensation) this.compensations.inc({ service, domain, kind: compensation });
    const escalation = ESCALATION_STATUS[entry.kind];
    if (escalation) this.escalations.inc({ service, domain, status: escalation });
    if (entry.kind === 'command.issued') {
      this.sagaCommands.inc({ service, saga: entry.saga ?? 'unknown', type });
    }
    if (entry.kind === 'notification.sent' || entry.kind === 'notification.handled') {
      this.notifications.inc({ service, domain, kind: entry.kind.slice('notification.'.length) });
    }
  }

  /** The exposition text for `GET /metrics`. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private seen(id: string): boolean {
    if (this.recent.has(id)) return true;
    this.recent.add(id);
    if (this.recent.size > RECENT_FACTS) {
      const oldest = this.recent.values().next();
      if (!oldest.done) this.recent.delete(oldest.value);
    }
    return false;
  }

  // A registry shared by several modules already holds the metric: reuse it.
  private counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing instanceof Counter) return existing;
    return new Counter({ ...config, registers: [this.registry] });
  }

  private histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
    const existing = this.registry.getSingleMetric(config.name);
    if (existing instanceof Histogram) return existing;
    return new Histogram({ ...config, registers: [this.registry] });
  }
}
