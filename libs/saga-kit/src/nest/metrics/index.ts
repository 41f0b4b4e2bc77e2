export { SagaKitMetrics } from './saga-kit-metrics';
export { SagaKitMetricsModule } from './saga-kit-metrics.module';
export { MetricsController } from './metrics.controller';
export { MetricsAuditLog } from './metrics-audit-log';
export { InstrumentedTransport } from './instrumented-transport';
