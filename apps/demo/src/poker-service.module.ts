import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { POKER_FILES } from '@poker/contracts';
import type { PokerService } from '@poker/domain';
import {
  HealthModule,
  SagaKitGatewayModule,
  SagaKitMetricsModule,
  SagaKitModule,
  type SagaKitModuleOptions,
} from '@saga-kit/core';

/**
 * One poker service of the embedded demo: its aggregate, its sagas, and the HTTP endpoints with the
 * service's gateway interceptors (as in its own deployment).
 */
@Module({})
export class PokerServiceModule {
  /** The module of `service` on the adapters (shared by the three services) in `options`. */
  static for(
    service: PokerService,
    options: Omit<SagaKitModuleOptions, 'service' | 'registryFiles'>,
  ): DynamicModule {
    return {
      module: PokerServiceModule,
      imports: [
        SagaKitModule.forRoot({ ...options, service: service.domain, registryFiles: POKER_FILES }),
        SagaKitGatewayModule,
        SagaKitMetricsModule,
        HealthModule,
      ],
      providers: [
        ...service.aggregates,
        ...service.sagas,
        ...service.gatewayInterceptors.map((useClass) => ({ provide: APP_INTERCEPTOR, useClass })),
      ],
    };
  }
}
