import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Adds `GET /health` to a service. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
