import { Module } from '@nestjs/common';
import { HealthModule } from '@saga-kit/core';

/** Root module of the dlq-worker service. */
@Module({ imports: [HealthModule] })
export class DlqWorkerModule {}
