import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers as RequestHeaders,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  parseDeadLetterFilter,
  parseDeadLetterQuery,
  DeadLetterNotFoundError,
  type BulkReplayResponse,
  type DeadLetterCounts,
  type DeadLetterDetail,
  type DeadLetterEntry,
  type DeadLetterListPage,
  type ReplayResult,
} from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';
import { DlqMetrics } from '../metrics/dlq-metrics';
import { ApiTokenGuard } from './api-token.guard';
import { deadLetterDetail } from './dead-letter-details';
import { actorOf, http } from './http-errors';
import { BulkReplayer } from './bulk-replayer';

const MAX_NOTE = 2_000;

/** The dead-letter API: list, counts, one entry, replay (one or by filter), discard. */
@Controller('api/dead-letters')
@UseGuards(ApiTokenGuard)
export class DeadLettersController {
  private readonly masked: ReadonlySet<string>;

  constructor(
    private readonly infra: DlqInfra,
    private readonly metrics: DlqMetrics,
    private readonly bulk: BulkReplayer,
  ) {
    this.masked = new Set(infra.config.maskFields);
  }

  /** `GET /api/dead-letters?domain&reason&component&status&from&to&limit&offset`, newest first. */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<DeadLetterListPage> {
    return http(async () => {
      const q = parseDeadLetterQuery(query);
      const page = await this.infra.store.list(q);
      return { total: page.total, offset: q.offset, limit: q.limit, items: page.items };
    });
  }

  /** `GET /api/dead-letters/counts?status`: entries per status, domain, reason and component. */
  @Get('counts')
  counts(@Query('status') status?: unknown): Promise<DeadLetterCounts> {
    return http(() =>
      this.infra.store.counts(parseDeadLetterFilter(status === undefined ? {} : { status }).status),
    );
  }

  /** `GET /api/dead-letters/:id`: the entry, its decoded payload, headers and timeline. */
  @Get(':id')
  detail(@Param('id') id: string): Promise<DeadLetterDetail> {
    return http(async () => {
      const stored = await this.infra.store.get(id);
      if (!stored) throw new DeadLetterNotFoundError(id);
      const cid = stored.entry.correlationId;
      const timeline = cid ? await this.infra.auditLog.timeline(cid) : [];
      return deadLetterDetail(stored, this.infra.registry, this.masked, timeline);
    });
  }

  /** `POST /api/dead-letters/replay` `{ filter, all?, max? }`: replays every matching entry once. */
  @Post('replay')
  @HttpCode(200)
  replayMatching(
    @Body() body: { filter?: Record<string, unknown>; all?: unknown; max?: unknown } | undefined,
    @RequestHeaders('x-operator') operator?: string,
  ): Promise<BulkReplayResponse> {
    return http(async () => {
      const filter = parseDeadLetterFilter(objectOr(body?.filter, 'filter'));
      if (Object.keys(filter).length === 0 && body?.all !== true) {
        throw new BadRequestException('give a filter, or "all": true to replay every entry');
      }
      const max = body?.max === undefined ? 1_000 : Number(body.max);
      if (!Number.isSafeInteger(max) || max < 1 || max > 10_000) {
        throw new BadRequestException('max must be an integer from 1 to 10000');
      }
      return this.bulk.replay(filter, max, actorOf(operator));
    });
  }

  /** `POST /api/dead-letters/:id/replay`: republishes the entry once (a retry answers `already-replayed`). */
  @Post(':id/replay')
  @HttpCode(200)
  replay(
    @Param('id') id: string,
    @RequestHeaders('x-operator') operator?: string,
  ): Promise<ReplayResult> {
    return http(() => this.bulk.replayOne(id, actorOf(operator)));
  }

  /** `POST /api/dead-letters/:id/discard` `{ note }`: closes an open entry without replaying it. */
  @Post(':id/discard')
  @HttpCode(200)
  discard(
    @Param('id') id: string,
    @Body() body: { note?: unknown } | undefined,
    @RequestHeaders('x-operator') operator?: string,
  ): Promise<DeadLetterEntry> {
    const note = typeof body?.note === 'string' ? body.note.trim() : '';
    if (note === '' || note.length > MAX_NOTE) {
      throw new BadRequestException(`note is required (1-${MAX_NOTE} characters)`);
    }
    return http(async () => {
      const entry = await this.infra.replayer.discard(id, note, actorOf(operator));
      this.metrics.discarded.inc();
      return entry;
    });
  }
}

function objectOr(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestException(`${name} must be an object`);
  }
  return value as Record<string, unknown>;
}
