import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
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
 * Root module of the hand service: the hand aggregate, the hand-table saga and the players' shot
 * clocks (durable timers in the job queue next to the store), on Kafka and Redis when
 * `KAFKA_BROKERS` and `REDIS_URL` are set (else the embedded memory adapters), with the HTTP
 * gateway (which prompts a player again after an illegal action), `/health` and `/metrics`.
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
  providers: [
    ...HAND_SERVICE.aggregates,
    ...HAND_SERVICE.sagas,
    ...HAND_SERVICE.gatewayInterceptors.map((useClass) => ({ provide: APP_INTERCEPTOR, useClass })),
  ],
})
export class HandModule {}
