import { Module } from '@nestjs/common';
import { AggregatesController } from './aggregates.controller';
import { CommandsController } from './commands.controller';
import { CorrelationsController } from './correlations.controller';
import { SagaKitExceptionFilter } from './saga-kit-exception.filter';

/**
 * The HTTP gateway of a service: `POST /commands`, `GET /aggregates/:domain/:root`,
 * `GET /correlations/:id/timeline`. Needs `SagaKitModule` in the application.
 */
@Module({
  controllers: [CommandsController, AggregatesController, CorrelationsController],
  providers: [SagaKitExceptionFilter],
})
export class SagaKitGatewayModule {}
