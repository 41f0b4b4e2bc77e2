import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { RetriesExhaustedError } from '../../errors/transient.error';
import type { Logger } from 'pino';
import type { MessageHandler, Subscription, SubscriptionOptions } from '../../ports/transport.port';
import { backoffDelay } from '../../runtime/retry/backoff';
import { retry } from '../../runtime/retry/retry';
import { retryPolicy, type RetryPolicy } from '../../runtime/retry/retry-policy';
import { watchGroupJoin } from './group-join-watcher';
import { createBatchHandler } from './kafka-batch.handler';
import { isBrokerRefusal, toTransportError } from './kafka-error.mapper';
import {
  KafkaTransportEvents,
  type KafkaTransportInstrumentation,
  type RestartEvent,
} from './kafka-transport.events';

/** Delay before replacing a consumer kafkajs gave up on, growing with consecutive failures. */
const RESTART_BACKOFF = retryPolicy({ initialDelayMs: 1_000, maxDelayMs: 30_000 });

/** At start, a broker's refusal of the group join is met with up to two fresh consumers. */
const START_RETRY = retryPolicy({ retries: 2 }, RESTART_BACKOFF);

/** What a subscription needs from its transport. */
export interface KafkaSubscriptionDeps {
  kafka: Kafka;
  /** Names of the cluster's topics, for `topicPattern`. */
  listTopics(): Promise<string[]>;
  consumerConfig: Partial<Omit<ConsumerConfig, 'groupId'>>;
  partitionsConsumedConcurrently: number;
  redelivery: RetryPolicy;
  topicRefreshIntervalMs: number;
  joinTimeoutMs: number;
  logger: Logger;
  events: KafkaTransportInstrumentation;
  onClosed(subscription: KafkaSubscription): void;
}

/**
 * One `subscribe` call: a kafkajs consumer of its own, replaced by a fresh one when kafkajs gives
 * up on it or when a `topicPattern` starts matching new topics. Start, restart and close run one
 * at a time.
 */
export class KafkaSubscription implements Subscription {
  readonly groupId: string;
  private readonly pattern: RegExp | undefined;
  private readonly eachBatch: (payload: EachBatchPayload) => Promise<void>;
  private readonly logger: Logger;
  private readonly timers = new Set<NodeJS.Timeout>();
  private consumer: Consumer | undefined;
  private topics: string[] = [];
  private lifecycle: Promise<unknown> = Promise.resolve();
  private refreshTimer: NodeJS.Timeout | undefined;
  private failedStarts = 0;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly deps: KafkaSubscriptionDeps,
    private readonly options: SubscriptionOptions,
    handler: MessageHandler,
  ) {
    this.groupId = options.groupId;
    // Without g/y flags, `test` keeps no state between topics.
    const { topicPattern } = options;
    this.pattern =
      topicPattern && new RegExp(topicPattern.source, topicPattern.flags.replace(/[gy]/g, ''));
    this.logger = deps.logger.child({ groupId: this.groupId });
    this.eachBatch = createBatchHandler({
      groupId: this.groupId,
      handler,
      redelivery: deps.redelivery,
      logger: this.logger,
      events: deps.events,
      schedule: (delayMs, task) => this.schedule(delayMs, task),
    });
  }

  /** Starts consuming; resolves once the consumer joined its group (at once if a pattern matches no topic yet). */
  start(): Promise<void> {
    return this.serialised(async () => {
      const topics = await this.matchingTopics();
      if (topics.length > 0) await this.startWithRetries(topics);
      else
        this.logger.info(
          { pattern: String(this.pattern) },
          'no topic matches yet; waiting for one',
        );
      if (this.pattern) this.scheduleRefresh();
    });
  }

  /** Lets the in-flight batch finish and commit, then leaves the group. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.refreshTimer);
      this.clearTimers();
      // After a start or restart in progress, so that no consumer is created behind our back.
      await this.lifecycle;
      await this.stopConsumer();
      this.deps.onClosed(this);
      this.logger.info('subscription closed');
    })();
    return this.closing;
  }

  /**
   * Starts a consumer, and a fresh one again (with the restart backoff, {@link START_RETRY})
   * when a broker answered the group join with an error kafkajs does not retry: a SyncGroup
   * refused as INVALID_REQUEST while the group rebalances, say. A connection that cannot be made
   * (kafkajs retried it already) or a join that times out fails the start at once; so does the
   * last refusal, as it was thrown.
   */
  private async startWithRetries(topics: string[]): Promise<void> {
    try {
      await retry(() => this.startConsumer(topics), {
        policy: START_RETRY,
        retriable: (error) => !this.closing && isBrokerRefusal(error),
        onRetry: ({ error, attempt, delayMs }) =>
          this.logger.warn(
            { err: error, attempt, delayMs },
            'a broker refused the group join; starting a fresh consumer',
          ),
      });
    } catch (error) {
      throw error instanceof RetriesExhaustedError ? error.cause : error;
    }
  }

  private async startConsumer(topics: string[]): Promise<void> {
    const { kafka, consumerConfig, joinTimeoutMs, events } = this.deps;
    const consumer = kafka.consumer({ ...consumerConfig, groupId: this.groupId });
    this.consumer = consumer;
    this.topics = topics;
    let joinedOnce = false;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      joinedOnce = true;
      this.failedStarts = 0;
      this.logger.info(
        {
          memberId: payload.memberId,
          assignment: payload.memberAssignment,
          durationMs: payload.duration,
        },
        'consumer joined its group',
      );
      events.emit(KafkaTransportEvents.GroupJoin, {
        groupId: this.groupId,
        memberId: payload.memberId,
        assignment: payload.memberAssignment,
        durationMs: payload.duration,
      });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.crashed(consumer, payload, joinedOnce),
    );
    const watch = watchGroupJoin(consumer, this.groupId, joinTimeoutMs);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.deps.partitionsConsumedConcurrently,
        eachBatch: this.eachBatch,
      });
      await watch.joined;
    } catch (error) {
      watch.dispose();
      this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw toTransportError(error, `starting consumer group ${this.groupId}`);
    }
  }

  private async stopConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.clearTimers();
    if (!consumer) return;
    try {
      // kafkajs waits for the batch in progress; our batch handler commits it before returning.
      await consumer.disconnect();
    } catch (err) {
      this.logger.warn({ err }, 'consumer did not disconnect cleanly');
    }
  }

  private crashed(
    consumer: Consumer,
    { error, restart }: { error: Error; restart: boolean },
    joinedOnce: boolean,
  ): void {
    this.logger.error({ err: error, restart }, 'consumer crashed');
    this.deps.events.emit(KafkaTransportEvents.Crash, { groupId: this.groupId, error, restart });
    // kafkajs restarts after retriable crashes; a crash before the first join fails the start.
    if (restart || !joinedOnce || consumer !== this.consumer || this.closing) return;
    this.restartLater('crash');
  }

  /** kafkajs gave up on the consumer, or a restart failed: try a fresh consumer after a backoff. */
  private restartLater(reason: RestartEvent['reason']): void {
    const delayMs = backoffDelay(++this.failedStarts, RESTART_BACKOFF);
    this.logger.warn({ delayMs, reason }, 'consumer will be replaced');
    this.schedule(delayMs, () => void this.restart(reason, this.topics));
  }

  private restart(reason: RestartEvent['reason'], topics: string[]): Promise<void> {
    return this.serialised(async () => {
      if (this.closing) return;
      this.logger.info({ reason, topics }, 'replacing the consumer');
      this.deps.events.emit(KafkaTransportEvents.Restart, {
        groupId: this.groupId,
        reason,
        topics,
      });
      await this.stopConsumer();
      try {
        await this.startConsumer(topics);
      } catch (err) {
        this.logger.error({ err, topics }, 'consumer restart failed');
        if (!this.closing) this.restartLater(reason);
      }
    });
  }

  /** Exact topics plus, for a pattern, the cluster's matching topics (sorted, unique). */
  private async matchingTopics(): Promise<string[]> {
    const topics = new Set(this.options.topics ?? []);
    if (this.pattern) {
      const pattern = this.pattern;
      for (const topic of await this.deps.listTopics()) if (pattern.test(topic)) topics.add(topic);
    }
    return [...topics].sort();
  }

  /**
   * kafkajs resolves a RegExp subscription once, against the topics that exist when it
   * subscribes. To pick up topics created later (a new domain's DLQ, say), the pattern is
   * matched here, periodically, and the consumer is replaced when the match grows.
   */
  private scheduleRefresh(): void {
    if (this.closing) return;
    this.refreshTimer = setTimeout(() => void this.refresh(), this.deps.topicRefreshIntervalMs);
    this.refreshTimer.unref();
  }

  private async refresh(): Promise<void> {
    try {
      const topics = await this.matchingTopics();
      const added = topics.filter((topic) => !this.topics.includes(topic));
      if (added.length > 0 && !this.closing) {
        this.logger.info({ added }, 'new topics match the pattern');
        await this.restart('new-topics', topics);
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not list topics for the pattern; will try again');
    } finally {
      this.scheduleRefresh();
    }
  }

  private schedule(delayMs: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs `task` after every earlier lifecycle step; the chain survives a failed step. */
  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lifecycle.then(task);
    this.lifecycle = result.catch(() => undefined);
    return result;
  }
}
