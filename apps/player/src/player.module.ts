import { Module } from '@nestjs/common';
import { HealthModule } from '@saga-kit/core';

/** Root module of the player service. */
@Module({ imports: [HealthModule] })
export class PlayerModule {}
