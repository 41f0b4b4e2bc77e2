import { Module } from '@nestjs/common';
import { HealthModule } from '@saga-kit/core';

/** Root module of the table service. */
@Module({ imports: [HealthModule] })
export class TableModule {}
