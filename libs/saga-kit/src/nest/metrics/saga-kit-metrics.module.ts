import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';

/** Adds `GET /metrics` to a service; the metrics themselves come with `SagaKitModule`. */
@Module({ controllers: [MetricsController] })
export class SagaKitMetricsModule {}
