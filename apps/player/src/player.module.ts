import { Module } from '@nestjs/common';
import { POKER_FILES } from '@poker/contracts';
import { PLAYER_SERVICE } from '@poker/domain';
import {
  HealthModule,
  SagaKitGatewayModule,
  SagaKitMetricsModule,
  SagaKitModule,
  sagaKitOptionsFromEnv,
} from '@saga-kit/core';

/**
 * Root module of the player service: the player aggregate and the player-table saga, on Kafka and Redis when
 * `KAFKA_BROKERS` and `REDIS_URL` are set (else the embedded memory adapters), with the HTTP
 * gateway, `/health` and `/metrics`.
 */
@Module({
  imports: [
    SagaKitModule.forRootAsync({
      useFactory: () => ({ ...sagaKitOptionsFromEnv('player'), registryFiles: POKER_FILES }),
    }),
    SagaKitGatewayModule,
    SagaKitMetricsModule,
    HealthModule,
  ],
  providers: [...PLAYER_SERVICE.aggregates, ...PLAYER_SERVICE.sagas],
})
export class PlayerModule {}
