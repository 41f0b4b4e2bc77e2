import type { IncomingMessage } from '../../ports/transport.port';
import type { MemoryTopic, StoredMessage } from './memory-topic';

/** A consumer-group member as a partition cursor sees it. */
export interface CursorMember {
  readonly memberId: string;
  readonly fromBeginning: boolean;
  /** Hands one message to the member's handler, asynchronously. */
  deliver(message: IncomingMessage): Promise<void>;
}

/** A handler rejection, as reported to `onHandlerError` and by `failing()`. */
export interface HandlerFailure {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  /** Failed deliveries of this message so far. */
  attempts: number;
  error: unknown;
}

export interface CursorHooks {
  redeliveryDelay(attempt: number): number;
  onFailure(failure: HandlerFailure): void;
  /** Called after every change that may make the transport idle. */
  onSettled(): void;
}

/**
 * One consumer group's position in one partition. It hands messages to the partition's current
 * owner one at a time, commits after each success and redelivers a failed message after a delay;
 * later messages wait behind it. Ownership is read before each message, so a rebalance moves the
 * partition between messages, never during one.
 */
export class PartitionCursor {
  private committed: number | undefined;
  private owner: CursorMember | undefined;
  private inFlight: { owner: CursorMember; settled: Promise<void> } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failure: HandlerFailure | undefined;
  private stopped = false;

  constructor(
    readonly groupId: string,
    readonly topic: MemoryTopic,
    readonly partition: number,
    private readonly hooks: CursorHooks,
  ) {}

  get ownerId(): string | undefined {
    return this.owner?.memberId;
  }

  /** The next offset the group will handle (undefined until a member first owns the partition). */
  get committedOffset(): number | undefined {
    return this.committed;
  }

  get currentFailure(): HandlerFailure | undefined {
    return this.failure;
  }

  assign(owner: CursorMember | undefined): void {
    this.owner = owner;
    // A group without a committed offset starts where its first owner asks; the position is
    // kept, so members that join later resume from it rather than re-deciding.
    if (owner && this.committed === undefined) {
      this.committed = owner.fromBeginning ? 0 : this.topic.end(this.partition);
    }
    this.pump();
  }

  /** Resolves once the message `member` is handling here, if any, has settled. */
  async drain(member: CursorMember): Promise<void> {
    if (this.inFlight?.owner === member) await this.inFlight.settled;
  }

  /** Starts handling the next message if the partition has an owner and is not busy. */
  pump(): void {
    if (this.stopped || this.inFlight || this.retryTimer || !this.owner) return;
    if (this.committed === undefined) return;
    const stored = this.topic.at(this.partition, this.committed);
    if (!stored) return;
    const owner = this.owner;
    const settled = owner.deliver(toIncoming(stored)).then(
      () => this.handled(stored),
      (error: unknown) => this.failed(stored, error),
    );
    this.inFlight = { owner, settled };
  }

  /** True while a message is in flight, waits for redelivery, or waits for its owner. */
  busy(allowFailing: boolean): boolean {
    if (this.inFlight) return true;
    if (this.retryTimer) return !allowFailing;
    return (
      this.owner !== undefined &&
      this.committed !== undefined &&
      this.committed < this.topic.end(this.partition)
    );
  }

  stop(): void {
    this.stopped = true;
    this.owner = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private handled(stored: StoredMessage): void {
    this.inFlight = undefined;
    this.committed = stored.offset + 1;
    this.failure = undefined;
    this.pump();
    this.hooks.onSettled();
  }

  private failed(stored: StoredMessage, error: unknown): void {
    this.inFlight = undefined;
    const attempts = (this.failure?.attempts ?? 0) + 1;
    this.failure = {
      groupId: this.groupId,
      topic: stored.topic,
      partition: stored.partition,
      offset: String(stored.offset),
      attempts,
      error,
    };
    this.hooks.onFailure(this.failure);
    if (!this.stopped) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.pump();
        this.hooks.onSettled();
      }, this.hooks.redeliveryDelay(attempts));
      // A forgotten transport must not keep the process alive.
      this.retryTimer.unref();
    }
    this.hooks.onSettled();
  }
}

function toIncoming(stored: StoredMessage): IncomingMessage {
  // Copies, so a handler that mutates its message cannot change what other groups receive.
  return {
    topic: stored.topic,
    partition: stored.partition,
    offset: String(stored.offset),
    key: stored.key,
    value: stored.value.slice(),
    headers: { ...stored.headers },
  };
}
