import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import type { GatewayResponse } from '../gateway/gateway-response';
import { HEALTH_INDICATORS, type HealthIndicator } from './health-indicator';

/** The answer of `GET /health`: `ok`, or the message of each failed check. */
export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, string>;
}

/** Liveness/readiness endpoint for orchestrators (`GET /health`): 200 when every check passes, else 503. */
@Controller('health')
export class HealthController {
  constructor(
    @Optional() @Inject(HEALTH_INDICATORS) private readonly indicators: HealthIndicator[] = [],
  ) {}

  @Get()
  async check(@Res({ passthrough: true }) response: GatewayResponse): Promise<HealthReport> {
    const results = await Promise.all(
      this.indicators.map(async (indicator): Promise<[string, string]> => {
        try {
          await indicator.check();
          return [indicator.name, 'ok'];
        } catch (e) {
          return [indicator.name, e instanceof Error ? e.message : String(e)];
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ok = results.every(([, result]) => result === 'ok');
    if (!ok) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
