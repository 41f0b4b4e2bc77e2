import { Module } from '@nestjs/common';
import { POKER_FILES } from '@poker/contracts';
import { HAND_SERVICE } from '@poker/domain';
import {
  HealthModule,
  SagaKitGatewayModule,
  SagaKitMetricsModule,
  SagaKitModule,
  sagaKitOptionsFromEnv,
} from '@saga-kit/core';

/**
 * Root module of the hand service: the hand aggregate and the hand-table saga, on Kafka and Redis when
 * `KAFKA_BROKERS` and `REDIS_URL` are set (else the embedded memory adapters), with the HTTP
 * gateway, `/health` and `/metrics`.
 */
@Module({
  imports: [
    SagaKitModule.forRootAsync({
      useFactory: () => ({ ...sagaKitOptionsFromEnv('hand'), registryFiles: POKER_FILES }),
    }),
    SagaKitGatewayModule,
    SagaKitMetricsModule,
    HealthModule,
  ],
  providers: [...HAND_SERVICE.aggregates, ...HAND_SERVICE.sagas],
})
export class HandModule {}
