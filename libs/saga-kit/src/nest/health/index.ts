export { HealthController } from './health.controller';
export type { HealthReport } from './health.controller';
export { HealthModule } from './health.module';
export { HEALTH_INDICATORS } from './health-indicator';
export type { HealthIndicator } from './health-indicator';
