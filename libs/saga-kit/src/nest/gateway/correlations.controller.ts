import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  renderTimelineJson,
  renderTimelineMermaid,
  renderTimelineText,
} from '../../runtime/audit/timeline-renderers';
import { SagaKitRuntime } from '../../runtime/service/saga-kit-runtime';
import type { GatewayResponse } from './gateway-response';
import { SagaKitExceptionFilter } from './saga-kit-exception.filter';

/** Formats of `GET /correlations/:id/timeline` and their content types. */
export const TIMELINE_FORMATS = {
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  mermaid: 'text/plain; charset=utf-8',
} as const;

export type TimelineFormat = keyof typeof TIMELINE_FORMATS;

/** `GET /correlations/:id/timeline?format=json|text|mermaid`: the regulator's answer. */
@Controller('correlations')
@UseFilters(SagaKitExceptionFilter)
export class CorrelationsController {
  constructor(private readonly runtime: SagaKitRuntime) {}

  @Get(':id/timeline')
  async timeline(
    @Param('id') id: string,
    @Res({ passthrough: true }) response: GatewayResponse,
    @Query('format') formatParam?: string,
  ): Promise<string> {
    const format = formatParam ?? 'json';
    if (!isFormat(format)) {
      throw new BadRequestException(
        `format must be one of ${Object.keys(TIMELINE_FORMATS).join(', ')}, got "${format}"`,
      );
    }
    const entries = await this.runtime.timeline(id);
    if (entries.length === 0) {
      throw new NotFoundException(`no audit entries for correlation id "${id}"`);
    }
    response.setHeader('content-type', TIMELINE_FORMATS[format]);
    switch (format) {
      case 'json':
        return renderTimelineJson(entries);
      case 'text':
        return `${renderTimelineText(entries)}\n`;
      case 'mermaid':
        return `${renderTimelineMermaid(entries)}\n`;
    }
  }
}

function isFormat(value: string): value is TimelineFormat {
  return Object.hasOwn(TIMELINE_FORMATS, value);
}
