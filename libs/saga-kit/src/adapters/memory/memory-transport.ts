import { ConfigurationError } from '../../errors/configuration.error';
import { systemClock, type Clock } from '../../ports/clock.port';
import type {
  MessageHandler,
  OutgoingMessage,
  Subscription,
  SubscriptionOptions,
  Transport,
} from '../../ports/transport.port';
import { ConsumerGroup, type PartitionPosition } from './consumer-group';
import { MemorySubscription } from './memory-subscription';
import { MemoryTopic } from './memory-topic';
import type { HandlerFailure } from './partition-cursor';
import {
  assertPublishBatch,
  assertSubscriptionOptions,
  assertTopicName,
} from '../../ports/validation/transport-validation';
import { assertPositiveInteger } from '../../ports/validation/values';

export type { HandlerFailure } from './partition-cursor';
export type { PartitionPosition } from './consumer-group';

/** Kafka's default `message.max.bytes`. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
export const DEFAULT_PARTITIONS = 4;

export interface MemoryTransportOptions {
  /** Partitions of a topic created on first use (default 4, like the test broker). */
  partitions?: number;
  /** `publish` rejects a message whose key, value and headers exceed this (default 1 MiB). */
  maxMessageBytes?: number;
  /** Delay before redelivering a failed message (default 5 ms, doubling per attempt up to 200 ms). */
  redeliveryDelayMs?: number | ((attempt: number) => number);
  /** Called when a handler rejects; listener errors are ignored. */
  onHandlerError?: (failure: HandlerFailure) => void;
  /** Source of `publishedAt` times. */
  clock?: Clock;
}

/** A message as published, for assertions and tools. */
export interface PublishedMessage extends OutgoingMessage {
  partition: number;
  offset: string;
  publishedAt: Date;
}

/** What the transport holds, for assertions and tools. */
export interface MemoryTransportSnapshot {
  topics: { name: string; partitions: number; messages: number }[];
  groups: { groupId: string; members: string[]; partitions: PartitionPosition[] }[];
}

export interface WhenIdleOptions {
  /**
   * Count a partition blocked behind a failing message as idle while it waits for redelivery.
   * Without it, a handler that keeps failing keeps the transport busy forever.
   */
  allowFailing?: boolean;
}

/**
 * The embedded transport: topics with partitions by key, consumer groups with rebalancing and
 * committed offsets, at-least-once redelivery of failed messages; everything kept in memory.
 */
export class MemoryTransport implements Transport {
  private readonly topicsByName = new Map<string, MemoryTopic>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly subscriptions = new Set<MemorySubscription>();
  private readonly idleWaiters = new Set<{ allowFailing: boolean; resolve: () => void }>();
  private readonly partitions: number;
  private readonly maxMessageBytes: number;
  private readonly redeliveryDelay: (attempt: number) => number;
  private readonly clock: Clock;
  private members = 0;
  private closed = false;

  constructor(private readonly options: MemoryTransportOptions = {}) {
    this.partitions = options.partitions ?? DEFAULT_PARTITIONS;
    assertPositiveInteger(this.partitions, 'partitions');
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    assertPositiveInteger(this.maxMessageBytes, 'maxMessageBytes');
    const delay = options.redeliveryDelayMs ?? ((attempt) => Math.min(5 * 2 ** (attempt - 1), 200));
    if (typeof delay !== 'function' && !(Number.isFinite(delay) && delay >= 0)) {
      throw new TypeError(
        `redeliveryDelayMs must be a number >= 0 or a function, got ${String(delay)}`,
      );
    }
    this.redeliveryDelay = typeof delay === 'number' ? () => delay : delay;
    this.clock = options.clock ?? systemClock;
  }

  /** Creates a topic with `partitions` partitions; a no-op if it exists with that many. */
  createTopic(name: string, partitions: number = this.partitions): void {
    assertTopicName(name);
    assertPositiveInteger(partitions, 'partitions');
    const existing = this.topicsByName.get(name);
    if (existing && existing.partitions !== partitions) {
      throw new ConfigurationError(
        `topic ${name} exists with ${existing.partitions} partitions, not ${partitions}`,
      );
    }
    this.ensureTopic(name, partitions);
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    assertPublishBatch(messages, this.maxMessageBytes);
    const at = this.clock.now();
    const stored = messages.map((m) =>
      this.ensureTopic(m.topic).append(m.key, m.value.slice(), { ...m.headers }, at),
    );
    for (const s of stored)
      for (const group of this.groups.values()) group.wake(s.topic, s.partition);
    return Promise.resolve();
  }

  async subscribe(options: SubscriptionOptions, handler: MessageHandler): Promise<Subscription> {
    this.assertOpen();
    assertSubscriptionOptions(options, handler);
    for (const topic of options.topics ?? []) this.ensureTopic(topic);
    const memberId = `${options.groupId}#${++this.members}`;
    const subscription = new MemorySubscription(memberId, options, handler, (s) => this.leave(s));
    this.subscriptions.add(subscription);
    this.group(options.groupId).join(subscription, this.topicsByName.values());
    return Promise.resolve(subscription);
  }

  /** Closes every subscription (each after its in-flight message); publish and subscribe then throw. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    for (const group of this.groups.values()) group.stop();
    this.settled();
  }

  /** Resolves when no message is pending, waiting for redelivery or in flight in any group. */
  whenIdle(options: WhenIdleOptions = {}): Promise<void> {
    const allowFailing = options.allowFailing ?? false;
    if (!this.busy(allowFailing)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add({ allowFailing, resolve }));
  }

  /** Names of the topics, in creation order. */
  topics(): string[] {
    return [...this.topicsByName.keys()];
  }

  /** Every message published to `topic`, in publish order (copies). */
  messages(topic: string): PublishedMessage[] {
    return (this.topicsByName.get(topic)?.all() ?? []).map((s) => ({
      topic: s.topic,
      key: s.key,
      value: s.value.slice(),
      headers: { ...s.headers },
      partition: s.partition,
      offset: String(s.offset),
      publishedAt: new Date(s.publishedAt.getTime()),
    }));
  }

  /** Messages whose handler failed and that wait for redelivery (or are being redelivered). */
  failing(): HandlerFailure[] {
    return [...this.groups.values()].flatMap((g) =>
      g.positions().flatMap((p) => (p.failure ? [p.failure] : [])),
    );
  }

  /** Topics, groups, members, offsets and failures. */
  inspect(): MemoryTransportSnapshot {
    return {
      topics: [...this.topicsByName.values()].map((t) => ({
        name: t.name,
        partitions: t.partitions,
        messages: t.all().length,
      })),
      groups: [...this.groups.values()].map((g) => ({
        groupId: g.groupId,
        members: g.memberIds,
        partitions: g.positions(),
      })),
    };
  }

  private ensureTopic(name: string, partitions: number = this.partitions): MemoryTopic {
    let topic = this.topicsByName.get(name);
    if (!topic) {
      topic = new MemoryTopic(name, partitions);
      this.topicsByName.set(name, topic);
      for (const group of this.groups.values()) group.topicCreated(topic);
    }
    return topic;
  }

  private group(groupId: string): ConsumerGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = new ConsumerGroup(groupId, {
        redeliveryDelay: this.redeliveryDelay,
        onFailure: (failure) => this.reportFailure(failure),
        onSettled: () => this.settled(),
      });
      this.groups.set(groupId, group);
    }
    return group;
  }

  private async leave(subscription: MemorySubscription): Promise<void> {
    const group = this.group(subscription.groupId);
    // Reassign first so no new message starts here, then let the in-flight one finish.
    group.leave(subscription, this.topicsByName.values());
    await group.drain(subscription);
    this.subscriptions.delete(subscription);
    this.settled();
  }

  private reportFailure(failure: HandlerFailure): void {
    try {
      this.options.onHandlerError?.({ ...failure });
    } catch {
      // A listener must not break delivery.
    }
  }

  private busy(allowFailing: boolean): boolean {
    return [...this.groups.values()].some((g) => g.busy(allowFailing));
  }

  private settled(): void {
    for (const waiter of this.idleWaiters) {
      if (!this.busy(waiter.allowFailing)) {
        this.idleWaiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('MemoryTransport is closed');
  }
}
