import { Module } from '@nestjs/common';
import { HEALTH_INDICATORS, HealthController, type HealthIndicator } from '@saga-kit/core';
import { ApiTokenGuard } from './api/api-token.guard';
import { BulkReplayer } from './api/bulk-replayer';
import { DeadLettersController } from './api/dead-letters.controller';
import { DLQ_WORKER_CONFIG, loadDlqWorkerConfig } from './config/dlq-worker.config';
import { ConsoleController } from './console/console.controller';
import { EscalationInbox } from './escalations/escalation-inbox';
import { EscalationsController } from './escalations/escalations.controller';
import { DlqInfra } from './infra/dlq-infra';
import { DlqIngestor } from './ingest/dlq-ingestor';
import { DlqMetrics } from './metrics/dlq-metrics';
import { MetricsController } from './metrics/metrics.controller';

/**
 * Root module of the dlq-worker service: stores every domain's dead letters, serves the API, the
 * console, the escalation webhook, `/metrics` and `/health`. Settings come from the environment
 * (`DLQ_WORKER_CONFIG`; tests override that provider).
 */
@Module({
  controllers: [
    HealthController,
    DeadLettersController,
    EscalationsController,
    MetricsController,
    ConsoleController,
  ],
  providers: [
    { provide: DLQ_WORKER_CONFIG, useFactory: () => loadDlqWorkerConfig(process.env) },
    DlqInfra,
    DlqMetrics,
    DlqIngestor,
    BulkReplayer,
    EscalationInbox,
    ApiTokenGuard,
    {
      provide: HEALTH_INDICATORS,
      inject: [DlqInfra],
      useFactory: (infra: DlqInfra): HealthIndicator[] => [
        { name: 'redis', check: async () => void (await infra.redis.ping()) },
      ],
    },
  ],
})
export class DlqWorkerModule {}
