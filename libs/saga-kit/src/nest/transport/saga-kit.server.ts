import { Injectable } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import { SagaKitHost } from '../module/saga-kit-host';

/** Transport id of {@link SagaKitServer}. */
export const SAGA_KIT_TRANSPORT = Symbol('saga-kit');

/**
 * Runs a service's saga-kit consumers as a Nest microservice, for `consumers: 'microservice'`:
 *
 * ```ts
 * app.connectMicroservice({ strategy: app.get(SagaKitServer) });
 * await app.startAllMicroservices(); // subscribes the consumers, starts the outbox relay
 * ```
 *
 * `listen` starts the consumers, `close` stops them after their in-flight messages. Handlers are
 * the `@Aggregate` and `@Saga` providers, not `@MessagePattern`s.
 */
@Injectable()
export class SagaKitServer extends Server implements CustomTransportStrategy {
  override readonly transportId = SAGA_KIT_TRANSPORT;

  constructor(private readonly host: SagaKitHost) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.host.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.host.stop();
  }

  /** saga-kit reports through logs, metrics and the audit trail; there are no server events. */
  on(): void {
    throw new TypeError('SagaKitServer has no events: use logs, metrics and the audit trail');
  }

  /** The runtime this server runs. */
  unwrap<T = SagaKitRuntime>(): T {
    return this.host.runtime as T;
  }
}
