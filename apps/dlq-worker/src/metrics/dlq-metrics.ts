import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { DEAD_LETTER_STATUSES } from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';

/** The worker's Prometheus metrics, on a registry of its own (`GET /metrics`). */
@Injectable()
export class DlqMetrics {
  readonly registry = new Registry();
  readonly received = new Counter({
    name: 'sagakit_dlq_received_total',
    help: 'Dead letters stored, by domain and reason',
    labelNames: ['domain', 'reason'] as const,
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'sagakit_dlq_duplicates_total',
    help: 'DLQ records delivered again and not stored twice',
    registers: [this.registry],
  });
  readonly undecodable = new Counter({
    name: 'sagakit_dlq_undecodable_total',
    help: 'DLQ records that were not a readable DeadLetter (stored with their bytes)',
    registers: [this.registry],
  });
  readonly replayed = new Counter({
    name: 'sagakit_dlq_replayed_total',
    help: 'Dead letters republished to their original topic, by domain',
    labelNames: ['domain'] as const,
    registers: [this.registry],
  });
  readonly replayFailures = new Counter({
    name: 'sagakit_dlq_replay_failures_total',
    help: 'Replays that could not publish',
    registers: [this.registry],
  });
  readonly discarded = new Counter({
    name: 'sagakit_dlq_discarded_total',
    help: 'Dead letters discarded by an operator',
    registers: [this.registry],
  });
  readonly evicted = new Counter({
    name: 'sagakit_dlq_evicted_total',
    help: 'Entries deleted by retention, by whether they were still open',
    labelNames: ['open'] as const,
    registers: [this.registry],
  });
  readonly escalations = new Counter({
    name: 'sagakit_dlq_escalations_received_total',
    help: 'Escalation webhooks received, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(infra: DlqInfra) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'sagakit_dlq_entries',
      help: 'Stored entries by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await infra.store.counts();
        for (const status of DEAD_LETTER_STATUSES) this.set({ status }, counts.byStatus[status]);
      },
    });
  }
}
