import {
  Headers,
  type IncomingMessage,
  type MessageHandler,
  type OutgoingMessage,
  type Subscription,
  type SubscriptionOptions,
  type Transport,
} from '@saga-kit/core';

/** One message a subscriber of this transport finished handling. */
export interface Delivery {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The handler finished, but the consumer "died" before its offset was committed. */
export class LostBeforeCommitError extends Error {
  override readonly name = 'LostBeforeCommitError';

  constructor(delivery: Delivery) {
    super(
      `handled ${delivery.topic}/${delivery.partition}@${delivery.offset}, then lost the commit on purpose`,
    );
  }
}

/**
 * A transport as a runtime sees it, wrapped to observe what happens through it: the messages each
 * of its subscribers handled, and the messages of publishes that failed. It can also simulate a consumer
 * that dies after its handler's effects are written but before the offset is committed
 * (`loseCommits`): every message it handles from then on is delivered again, to it or to the
 * partition's next owner.
 */
export class ObservedTransport implements Transport {
  readonly deliveries: Delivery[] = [];
  /** Ids (`message-id` header) of the messages of every publish that rejected. */
  readonly failedToPublish = new Set<string>();
  private lost = 0;
  private losingCommits = false;

  constructor(readonly inner: Transport) {}

  /** From now on, each handled message is reported as failed to the transport after its handler ran. */
  loseCommits(): void {
    this.losingCommits = true;
  }

  /** Deliveries that this transport handled but reported as failed, so they come again. */
  get lostCommits(): number {
    return this.lost;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    try {
      await this.inner.publish(messages);
    } catch (error) {
      for (const m of messages) this.failedToPublish.add(m.headers[Headers.MessageId] ?? '');
      throw error;
    }
  }

  subscribe(options: SubscriptionOptions, handler: MessageHandler): Promise<Subscription> {
    return this.inner.subscribe(options, async (message: IncomingMessage) => {
      await handler(message);
      const delivery: Delivery = {
        groupId: options.groupId,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      };
      this.deliveries.push(delivery);
      if (this.losingCommits) {
        this.lost += 1;
        throw new LostBeforeCommitError(delivery);
      }
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** `group topic/partition@offset` of a delivery, to find messages handled more than once. */
function deliveryKey(d: Delivery): string {
  return `${d.groupId} ${d.topic}/${d.partition}@${d.offset}`;
}

/** How many messages were handled more than once across the given transports. */
export function redeliveredCount(transports: readonly ObservedTransport[]): number {
  const seen = new Map<string, number>();
  for (const d of transports.flatMap((t) => t.deliveries)) {
    seen.set(deliveryKey(d), (seen.get(deliveryKey(d)) ?? 0) + 1);
  }
  return [...seen.values()].filter((n) => n > 1).length;
}
