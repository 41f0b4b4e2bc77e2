import { Controller, Get, Header, Res } from '@nestjs/common';
import { DlqMetrics } from './dlq-metrics';

/** `GET /metrics` in the Prometheus text format (no secrets; left open for scrapers). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: DlqMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: { type(t: string): { send(body: string): void } }): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
