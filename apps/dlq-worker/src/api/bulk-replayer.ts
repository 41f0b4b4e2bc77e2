import { Injectable } from '@nestjs/common';
import type { BulkReplayResponse, DeadLetterFilter } from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';
import { DlqMetrics } from '../metrics/dlq-metrics';

/** Replays every entry matching a filter, one at a time; each entry at most once. */
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
        const result = await this.infra.replayer.replay(id, actor);
        if (result.outcome === 'replayed') {
          response.replayed.push(id);
          this.metrics.replayed.inc({ domain: result.topic.split('.').slice(-2, -1)[0] ?? '' });
        } else {
          response.alreadyReplayed.push(id);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof Error && /NotFound|State|NotReplayable/.test(error.name)) {
          response.skipped.push({ id, reason: message });
        } else {
          this.metrics.replayFailures.inc();
          response.failed.push({ id, error: message });
        }
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
}
