import type { AuditEntry, AuditLog } from '../../ports/audit-log.port';
import type { SagaKitMetrics } from './saga-kit-metrics';

/** An audit log that counts each fact in the metrics once it is recorded. */
export class MetricsAuditLog implements AuditLog {
  constructor(
    private readonly inner: AuditLog,
    private readonly metrics: SagaKitMetrics,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.inner.record(entry);
    try {
      this.metrics.observe(entry);
    } catch {
      // Metrics must never fail the pipeline.
    }
  }

  timeline(correlationId: string): Promise<AuditEntry[]> {
    return this.inner.timeline(correlationId);
  }

  history(domain: string, root: string): Promise<AuditEntry[]> {
    return this.inner.history(domain, root);
  }
}
