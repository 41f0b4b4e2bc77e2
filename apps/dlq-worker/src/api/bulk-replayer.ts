import { Injectable } from '@nestjs/common';
import type { BulkReplayResponse, DeadLetterFilter, ReplayResult } from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';
import { DlqMetrics } from '../metrics/dlq-metrics';
import { isRefusal } from './http-errors';

/** Replays one entry, or every entry matching a filter one at a time; each entry at most once. */
@Injectable()
export class BulkReplayer {
  constructor(
    private readonly infra: DlqInfra,
    private readonly metrics: DlqMetrics,
  ) {}

  /** Replays up to `max` matching entries, oldest first, and reports each one's outcome. */
  async replay(filter: DeadLetterFilter, max: number, actor: string): Promise<BulkReplayResponse> {
    const ids = (await this.infra.store.matching(filter)).slice(0, max).reverse();
    const response: BulkReplayResponse = {
      matched: ids.length,
      replayed: [],
      alreadyReplayed: [],
      skipped: [],
      failed: [],
    };
    for (const id of ids) {
      try {
        const result = await this.replayOne(id, actor);
        (result.outcome === 'replayed' ? response.replayed : response.alreadyReplayed).push(id);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (isRefusal(error)) response.skipped.push({ id, reason: message });
        else response.failed.push({ id, error: message });
      }
    }
    this.infra.logger.info(
      {
        matched: ids.length,
        replayed: response.replayed.length,
        failed: response.failed.length,
        actor,
      },
      'bulk replay done',
    );
    return response;
  }

  /** Replays one entry, counting it as replayed (by domain) or, unless refused, as failed. */
  async replayOne(id: string, actor: string): Promise<ReplayResult> {
    try {
      const result = await this.infra.replayer.replay(id, actor);
      if (result.outcome === 'replayed') {
        this.metrics.replayed.inc({ domain: this.infra.topics.parse(result.topic)?.domain ?? '' });
      }
      return result;
    } catch (error) {
      if (!isRefusal(error)) this.metrics.replayFailures.inc();
      throw error;
    }
  }
}
