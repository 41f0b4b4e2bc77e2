import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import {
  CommandsController,
  parseCommandRequest,
  SAGA_KIT_ADAPTERS,
  SagaKitHost,
  SagaKitRuntime,
  type CommandResponse,
  type SagaKitAdapters,
} from '@saga-kit/core';
import { mergeMap, type Observable } from 'rxjs';
import { promptRetryAfterRejection } from './action-retry.prompter';

/**
 * Prompts a player again when the gateway's `POST /commands` had their `PlaceBet` or `Check`
 * rejected as illegal (`invalid_bet_amount`, `cannot_check`): the rejection leaves nothing in the
 * hand's stream, so the gateway asks the hand to re-issue the standing prompt with the reason
 * (`ActionRequested{retry_reason}`) before it answers 409. A prompt that cannot be sent is
 * logged; the caller still gets its rejection. Installed on the hand service's gateway through
 * `HAND_SERVICE.gatewayInterceptors`.
 */
@Injectable()
export class ActionRetryInterceptor implements NestInterceptor {
  constructor(
    private readonly runtime: SagaKitRuntime,
    private readonly host: SagaKitHost,
    @Inject(SAGA_KIT_ADAPTERS) private readonly adapters: SagaKitAdapters,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getClass() !== CommandsController) return next.handle();
    const body = context.switchToHttp().getRequest<{ body: unknown }>().body;
    return next
      .handle()
      .pipe(mergeMap(async (response: CommandResponse) => this.afterCommand(body, response)));
  }

  private async afterCommand(body: unknown, response: CommandResponse): Promise<CommandResponse> {
    if (response.outcome !== 'rejected') return response;
    const { registry, logger } = this.adapters;
    try {
      // The controller parsed the same body already: this cannot fail on a request it handled.
      const request = parseCommandRequest(body, {
        registry,
        aggregate: (domain) => this.host.aggregate(domain),
        domains: this.host.domains,
      });
      if (request.domain !== 'hand') return response;
      await promptRetryAfterRejection(this.runtime, registry, {
        root: request.root,
        command: request.command,
        commandId: response.commandId,
        correlationId: response.correlationId,
        reason: response.reason,
      });
    } catch (error) {
      logger.warn(
        { correlationId: response.correlationId, commandId: response.commandId, err: error },
        'player not prompted again after a rejected action',
      );
    }
    return response;
  }
}
