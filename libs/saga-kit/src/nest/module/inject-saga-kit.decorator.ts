import { Inject } from '@nestjs/common';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';

/** Injects the service's `SagaKitRuntime` (the class is the token: plain injection works too). */
export const InjectSagaKit = (): PropertyDecorator & ParameterDecorator => Inject(SagaKitRuntime);
