import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { toSequence } from '../../runtime/envelope/sequence';
import { buildCommandBook } from '../../runtime/envelope/command-book';
import { rootToString } from '../../messaging/ids';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import { CORRELATION_ID_HEADER, headerId, MAX_ID_LENGTH } from '../logging/correlation-id';
import { SagaKitHost } from '../module/saga-kit-host';
import { SAGA_KIT_ADAPTERS } from '../saga-kit.constants';
import type { SagaKitAdapters } from '../wiring/saga-kit-adapters';
import { parseCommandRequest } from './command-request';
import { eventJson, type EventJson } from './event.json';
import type { GatewayRequest, GatewayResponse } from './gateway-response';
import { SagaKitExceptionFilter } from './saga-kit-exception.filter';

/** The answer to `POST /commands`. */
export type CommandResponse =
  | { outcome: 'accepted'; commandId: string; correlationId: string; events: EventJson[] }
  | { outcome: 'rejected'; commandId: string; correlationId: string; reason: string };

/** HTTP status of a business rejection: the request was valid, the aggregate's state said no. */
export const REJECTED_STATUS = 409;

/**
 * `POST /commands`: handles a command in this service and answers with its outcome, 200 with
 * the appended events or 409 with the rejection reason. A retried request with the same
 * `commandId` gets the first outcome again and appends nothing.
 */
@Controller('commands')
@UseFilters(SagaKitExceptionFilter)
export class CommandsController {
  constructor(
    private readonly runtime: SagaKitRuntime,
    private readonly host: SagaKitHost,
    @Inject(SAGA_KIT_ADAPTERS) private readonly adapters: SagaKitAdapters,
  ) {}

  @Post()
  @HttpCode(200)
  async send(
    @Body() body: unknown,
    @Req() request: GatewayRequest,
    @Res({ passthrough: true }) response: GatewayResponse,
  ): Promise<CommandResponse> {
    const { registry, metrics, logger } = this.adapters;
    const parsed = parseCommandRequest(body, {
      registry,
      aggregate: (domain) => this.host.aggregate(domain),
      domains: this.host.domains,
    });
    const book = buildCommandBook(registry, {
      domain: parsed.domain,
      root: parsed.root,
      command: parsed.command,
      ...(parsed.commandId ? { commandId: parsed.commandId } : {}),
      ...(parsed.expectedSequence !== undefined
        ? { expectedSequence: parsed.expectedSequence }
        : {}),
      correlationId: parsed.correlationId ?? correlationHeader(request),
    });
    const commandId = book.commandId;
    const correlationId = book.cover?.correlationId ?? commandId;
    response.setHeader(CORRELATION_ID_HEADER, correlationId);
    const end = metrics?.handlerDuration.startTimer({
      service: this.adapters.service,
      consumer: 'gateway',
      channel: 'commands',
    });
    let outcome;
    try {
      outcome = await this.host.track(this.runtime.send(book));
      end?.({ outcome: 'ok' });
    } catch (error) {
      end?.({ outcome: 'error' });
      throw error;
    }
    const result = outcome.result;
    logger.info(
      {
        correlationId,
        commandId,
        domain: parsed.domain,
        root: parsed.root,
        commandType: parsed.schema.typeName,
        outcome: result.case,
      },
      'gateway command handled',
    );
    if (result.case === 'accepted') {
      const sequences = new Set(result.value.sequences.map(toSequence));
      return {
        outcome: 'accepted',
        commandId,
        correlationId,
        events: await this.events(book.cover?.root, parsed.domain, sequences),
      };
    }
    if (result.case === 'rejected') {
      response.status(REJECTED_STATUS);
      return { outcome: 'rejected', commandId, correlationId, reason: result.value.reason };
    }
    throw new Error(`command ${commandId} has no outcome`);
  }

  private async events(
    root: Uint8Array | undefined,
    domain: string,
    sequences: ReadonlySet<number>,
  ): Promise<EventJson[]> {
    if (sequences.size === 0 || !root) return [];
    const stream = await this.adapters.store.load({ domain, root: rootToString(root) });
    return stream.pages
      .filter((page) => sequences.has(toSequence(page.sequence)))
      .map((page) => eventJson(this.adapters.registry, page));
  }
}

/**
 * The request's `x-correlation-id`, if it has one. One that cannot be used (empty, too long) is
 * refused rather than replaced: the caller would look for its flow under an id it never gets.
 */
function correlationHeader(request: GatewayRequest): string | undefined {
  const id = headerId(request, CORRELATION_ID_HEADER);
  if (id === undefined && request.headers[CORRELATION_ID_HEADER] !== undefined) {
    throw new BadRequestException(
      `${CORRELATION_ID_HEADER} must be a non-empty id of at most ${MAX_ID_LENGTH} characters`,
    );
  }
  return id;
}
