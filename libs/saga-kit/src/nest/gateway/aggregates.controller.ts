import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  UseFilters,
} from '@nestjs/common';
import type { JsonValue } from '@bufbuild/protobuf';
import { isUuid } from '../../messaging/ids';
import { evolvePages } from '../../runtime/aggregate/evolve';
import { applyReadTimeTransforms } from '../../runtime/aggregate/read-time-transforms';
import { SagaKitHost } from '../module/saga-kit-host';
import { SAGA_KIT_ADAPTERS } from '../saga-kit.constants';
import type { SagaKitAdapters } from '../wiring/saga-kit-adapters';
import { historyEntry, type HistoryEntryJson } from './event.json';
import { SagaKitExceptionFilter } from './saga-kit-exception.filter';
import { stateToJson } from './state.json';

/** Events per history page unless `limit` says otherwise, and the most a page holds. */
export const HISTORY_PAGE = { default: 50, max: 500 } as const;

/** The answer to `GET /aggregates/:domain/:root`. */
export interface AggregateResponse {
  domain: string;
  root: string;
  nextSequence: number;
  /** The current state (after revocations), as JSON. */
  state: JsonValue;
  history: {
    from: number;
    limit: number;
    /** `from` of the next page, or null on the last one. */
    next: number | null;
    events: HistoryEntryJson[];
  };
}

/** `GET /aggregates/:domain/:root?from=&limit=`: state and a page of history, undo marks included. */
@Controller('aggregates')
@UseFilters(SagaKitExceptionFilter)
export class AggregatesController {
  constructor(
    private readonly host: SagaKitHost,
    @Inject(SAGA_KIT_ADAPTERS) private readonly adapters: SagaKitAdapters,
  ) {}

  @Get(':domain/:root')
  async get(
    @Param('domain') domain: string,
    @Param('root') root: string,
    @Query('from') fromParam?: string,
    @Query('limit') limitParam?: string,
  ): Promise<AggregateResponse> {
    const definition = this.host.aggregate(domain);
    if (!definition) {
      throw new NotFoundException(
        `this service hosts no aggregate of domain "${domain}" (it hosts ${this.host.domains.join(', ') || 'none'})`,
      );
    }
    if (!isUuid(root)) throw new BadRequestException(`root must be a UUID, got "${root}"`);
    const from = integerParam('from', fromParam, 0, 0);
    const limit = integerParam('limit', limitParam, HISTORY_PAGE.default, 1, HISTORY_PAGE.max);
    const id = root.toLowerCase();
    const stream = await this.adapters.store.load({ domain, root: id });
    if (stream.nextSequence === 0) {
      throw new NotFoundException(`no events for ${domain}/${id}`);
    }
    // The state is folded from the pages the history shows, so both describe one version.
    const view = applyReadTimeTransforms(stream.pages);
    const state = evolvePages(definition, definition.initialState(), view.pages);
    const page = stream.pages
      .map((p, i) => ({ page: p, view: view.pages[i] }))
      .slice(from, from + limit);
    const { registry } = this.adapters;
    return {
      domain,
      root: id,
      nextSequence: stream.nextSequence,
      state: stateToJson(state, registry),
      history: {
        from,
        limit,
        next: from + limit < stream.pages.length ? from + limit : null,
        events: page.map((p) => historyEntry(registry, p.page, p.view, view)),
      },
    };
  }
}

function integerParam(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BadRequestException(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
