import { Injectable } from '@nestjs/common';
import type { EscalationRecord } from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';

/** Escalations kept for the console. */
const KEEP = 500;
/** How long a delivery id is remembered for deduplication. */
const DEDUP_SECONDS = 7 * 24 * 60 * 60;

/** The escalations received, newest first, deduplicated by delivery id; bounded to the last 500. */
@Injectable()
export class EscalationInbox {
  private readonly base: string;

  constructor(private readonly infra: DlqInfra) {
    this.base = `${infra.config.store.keyPrefix}:{dlq}:escalations`;
  }

  /** Keeps one escalation; resolves false when its delivery id was seen already. */
  async add(record: EscalationRecord): Promise<boolean> {
    const fresh = await this.infra.redis.set(
      `${this.base}:delivery:${record.deliveryId}`,
      '1',
      'EX',
      DEDUP_SECONDS,
      'NX',
    );
    if (fresh !== 'OK') return false;
    await this.infra.redis
      .multi()
      .lpush(this.base, JSON.stringify(record))
      .ltrim(this.base, 0, KEEP - 1)
      .exec();
    return true;
  }

  /** The newest escalations. */
  async list(limit: number): Promise<EscalationRecord[]> {
    const items = await this.infra.redis.lrange(this.base, 0, limit - 1);
    return items.map((json) => JSON.parse(json) as EscalationRecord);
  }
}
