/** Injection token for the list of health indicators the health endpoint runs. */
export const HEALTH_INDICATORS = Symbol('saga-kit:health-indicators');

/** One dependency's health check; `check` rejects when the dependency is unhealthy. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<void>;
}
