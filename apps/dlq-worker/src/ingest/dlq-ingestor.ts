import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  DeadLetterSchema,
  deadLetterFacts,
  decode,
  undecodableFacts,
  type DeadLetterFacts,
  type IncomingMessage,
  type Subscription,
} from '@saga-kit/core';
import { DlqInfra } from '../infra/dlq-infra';
import { DlqMetrics } from '../metrics/dlq-metrics';

/** How often retention runs when no dead letters arrive. */
const PRUNE_INTERVAL_MS = 60_000;

/** The DLQ topics of every domain, present and future: `^{prefix}\.[a-z0-9-]+\.dlq$`. */
export function dlqTopicPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[a-z0-9-]+\\.dlq$`);
}

/**
 * Consumes every domain's DLQ topic and stores each dead letter once. A record that is not a
 * readable DeadLetter is stored with its bytes under a derived id: nothing read is dropped. A
 * Redis failure rejects, so the transport delivers the record again.
 */
@Injectable()
export class DlqIngestor implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription: Subscription | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly infra: DlqInfra,
    private readonly metrics: DlqMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, transport, logger } = this.infra;
    const topicPattern = dlqTopicPattern(config.topicPrefix);
    this.subscription = await transport.subscribe(
      { groupId: config.kafka.groupId, topicPattern, fromBeginning: true },
      (record) => this.ingest(record),
    );
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    logger.info(
      { pattern: topicPattern.source, groupId: config.kafka.groupId },
      'consuming DLQ topics',
    );
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.subscription?.close();
  }

  /** Stores one DLQ record (idempotent by DeadLetter id). */
  async ingest(record: IncomingMessage): Promise<void> {
    const { store, topics, clock, logger } = this.infra;
    const receivedAt = clock.now();
    let facts: DeadLetterFacts;
    try {
      const letter = decode(DeadLetterSchema, record.value, 'dead letter');
      if (!letter.id) throw new Error('dead letter without an id');
      facts = deadLetterFacts(letter, record, topics, receivedAt);
    } catch (error) {
      facts = undecodableFacts(
        record,
        topics,
        receivedAt,
        error instanceof Error ? error.message : String(error),
      );
      this.metrics.undecodable.inc();
    }
    const stored = await store.ingest(facts, record.value, record.headers);
    const context = {
      deadLetterId: facts.id,
      domain: facts.domain,
      reason: facts.reason,
      component: facts.component,
      correlationId: facts.correlationId,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    };
    if (!stored) {
      this.metrics.duplicates.inc();
      logger.debug(context, 'dead letter delivered again; already stored');
      return;
    }
    this.metrics.received.inc({ domain: facts.domain, reason: facts.reason });
    logger.info(context, 'dead letter stored');
    await this.prune();
  }

  private async prune(): Promise<void> {
    try {
      const { deleted, open } = await this.infra.store.prune(this.infra.clock.now());
      if (deleted === 0) return;
      this.metrics.evicted.inc({ open: 'false' }, deleted - open);
      this.metrics.evicted.inc({ open: 'true' }, open);
      const log =
        open > 0
          ? this.infra.logger.warn.bind(this.infra.logger)
          : this.infra.logger.info.bind(this.infra.logger);
      log({ deleted, open }, 'retention deleted dead letters');
    } catch (error) {
      this.infra.logger.warn({ err: error }, 'retention run failed; the next one retries');
    }
  }
}
