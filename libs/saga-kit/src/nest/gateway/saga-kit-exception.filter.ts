import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SAGA_KIT_ADAPTERS } from '../saga-kit.constants';
import type { SagaKitAdapters } from '../wiring/saga-kit-adapters';
import { toHttpError } from './http-error';

/** Turns every error of the gateway into a JSON error without a stack; 5xx are logged with theirs. */
@Catch()
export class SagaKitExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly http: HttpAdapterHost,
    @Inject(SAGA_KIT_ADAPTERS) private readonly adapters: SagaKitAdapters,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<{ method?: string; url?: string }>();
    const body = toHttpError(exception);
    if (body.statusCode >= 500) {
      this.adapters.logger.error(
        { err: exception, method: request.method, url: request.url, status: body.statusCode },
        'gateway request failed',
      );
    }
    this.http.httpAdapter.reply(ctx.getResponse(), body, body.statusCode);
  }
}
