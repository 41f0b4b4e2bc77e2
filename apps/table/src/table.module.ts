import { Module } from '@nestjs/common';
import { POKER_FILES } from '@poker/contracts';
import { TABLE_SERVICE } from '@poker/domain';
import {
  HealthModule,
  SagaKitGatewayModule,
  SagaKitMetricsModule,
  SagaKitModule,
  sagaKitOptionsFromEnv,
} from '@saga-kit/core';

/**
 * Root module of the table service: the table aggregate and the table-player and table-hand sagas, on Kafka and Redis when
 * `KAFKA_BROKERS` and `REDIS_URL` are set (else the embedded memory adapters), with the HTTP
 * gateway, `/health` and `/metrics`.
 */
@Module({
  imports: [
    SagaKitModule.forRootAsync({
      useFactory: () => ({ ...sagaKitOptionsFromEnv('table'), registryFiles: POKER_FILES }),
    }),
    SagaKitGatewayModule,
    SagaKitMetricsModule,
    HealthModule,
  ],
  providers: [...TABLE_SERVICE.aggregates, ...TABLE_SERVICE.sagas],
})
export class TableModule {}
