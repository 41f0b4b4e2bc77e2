import { Controller, Get, Inject, NotFoundException, Optional, Res } from '@nestjs/common';
import type { GatewayResponse } from '../gateway/gateway-response';
import { SagaKitMetrics } from './saga-kit-metrics';

/** `GET /metrics`: saga-kit's Prometheus metrics in the text exposition format. */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Optional() @Inject(SagaKitMetrics) private readonly metrics: SagaKitMetrics | null = null,
  ) {}

  @Get()
  async scrape(@Res({ passthrough: true }) response: GatewayResponse): Promise<string> {
    if (!this.metrics) throw new NotFoundException('metrics are turned off for this service');
    const { contentType, body } = await this.metrics.render();
    response.setHeader('content-type', contentType);
    return body;
  }
}
