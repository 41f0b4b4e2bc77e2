import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HEALTH_INDICATORS, type HealthIndicator } from './health-indicator';

/** Liveness/readiness endpoint for orchestrators (`GET /health`). */
@Controller('health')
export class HealthController {
  constructor(
    @Optional() @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[] = [],
  ) {}

  @Get()
  async check(): Promise<{ status: 'ok' | 'error'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    for (const indicator of this.indicators) {
      try {
        await indicator.check();
        checks[indicator.name] = 'ok';
      } catch (e) {
        checks[indicator.name] = e instanceof Error ? e.message : String(e);
      }
    }
    const ok = Object.values(checks).every((c) => c === 'ok');
    return { status: ok ? 'ok' : 'error', checks };
  }
}
