import {
  BadRequestException,
  Controller,
  Get,
  Headers as RequestHeaders,
  HttpCode,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { JsonValue } from '@bufbuild/protobuf';
import {
  WebhookHeaders,
  maskFields,
  verifyWebhookSignature,
  type EscalationRecord,
} from '@saga-kit/core';
import { ApiTokenGuard } from '../api/api-token.guard';
import { DlqInfra } from '../infra/dlq-infra';
import { DlqMetrics } from '../metrics/dlq-metrics';
import { EscalationInbox } from './escalation-inbox';

/** The escalation webhook receiver (signed, no bearer token) and the list the console shows. */
@Controller()
export class EscalationsController {
  constructor(
    private readonly infra: DlqInfra,
    private readonly inbox: EscalationInbox,
    private readonly metrics: DlqMetrics,
  ) {}

  /** `POST /webhooks/escalations`: verifies the signature, keeps the alert once per delivery id. */
  @Post('webhooks/escalations')
  @HttpCode(202)
  async receive(
    @Req() request: { rawBody?: Buffer },
    @RequestHeaders() headers: Record<string, string | undefined>,
  ): Promise<{ accepted: boolean; duplicate: boolean }> {
    const { escalationSecret, escalationToleranceMs, maskFields: masked } = this.infra.config;
    if (!escalationSecret) {
      this.metrics.escalations.inc({ outcome: 'unconfigured' });
      throw new ServiceUnavailableException('ESCALATION_WEBHOOK_SECRET is not configured');
    }
    const body = request.rawBody ?? Buffer.alloc(0);
    const verification = verifyWebhookSignature({
      body,
      headers,
      secret: escalationSecret.split(',').map((x) => x.trim()),
      toleranceSeconds: Math.floor(escalationToleranceMs / 1000),
      now: this.infra.clock.now(),
    });
    if (!verification.valid) {
      this.metrics.escalations.inc({ outcome: `refused_${verification.reason}` });
      this.infra.logger.warn({ reason: verification.reason }, 'escalation webhook refused');
      throw new UnauthorizedException(`invalid webhook signature (${verification.reason})`);
    }
    const deliveryId = verification.deliveryId ?? '';
    if (!/^[\w.:-]{1,128}$/.test(deliveryId)) {
      throw new BadRequestException(`${WebhookHeaders.DeliveryId} must be 1-128 word characters`);
    }
    const event = headers[WebhookHeaders.Event] ?? 'escalation';
    if (!/^[\w.:-]{1,64}$/.test(event)) {
      throw new BadRequestException(`${WebhookHeaders.Event} must be 1-64 word characters`);
    }
    if (body.length === 0) throw new BadRequestException('the escalation body is empty');
    const record: EscalationRecord = {
      deliveryId,
      event,
      receivedAt: this.infra.clock.now().toISOString(),
      body: maskFields(parseBody(body), new Set(masked)),
    };
    const fresh = await this.inbox.add(record);
    this.metrics.escalations.inc({ outcome: fresh ? 'accepted' : 'duplicate' });
    this.infra.logger.info(
      { deliveryId, event: record.event, duplicate: !fresh },
      'escalation received',
    );
    return { accepted: true, duplicate: !fresh };
  }

  /** `GET /api/escalations?limit`: the newest escalations received. */
  @Get('api/escalations')
  @UseGuards(ApiTokenGuard)
  list(@Query('limit') limit?: string): Promise<EscalationRecord[]> {
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isSafeInteger(n) || n < 1 || n > 500) {
      throw new BadRequestException('limit must be an integer from 1 to 500');
    }
    return this.inbox.list(n);
  }
}

function parseBody(body: Buffer): JsonValue {
  try {
    return JSON.parse(body.toString('utf8')) as JsonValue;
  } catch {
    return body.toString('utf8');
  }
}
