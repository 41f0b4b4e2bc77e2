import type {
  IncomingMessage,
  MessageHandler,
  Subscription,
  SubscriptionOptions,
} from '../../ports/transport.port';
import type { GroupMember } from './consumer-group';

/** One member of a consumer group on the memory transport. */
export class MemorySubscription implements Subscription, GroupMember {
  readonly groupId: string;
  readonly fromBeginning: boolean;
  private readonly topics: ReadonlySet<string>;
  private readonly pattern: RegExp | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    readonly memberId: string,
    options: SubscriptionOptions,
    private readonly handler: MessageHandler,
    private readonly leave: (member: MemorySubscription) => Promise<void>,
  ) {
    this.groupId = options.groupId;
    this.fromBeginning = options.fromBeginning ?? true;
    this.topics = new Set(options.topics ?? []);
    // A global or sticky RegExp keeps state between `test` calls; match with a stateless copy.
    this.pattern = options.topicPattern
      ? new RegExp(options.topicPattern.source, options.topicPattern.flags.replace(/[gy]/g, ''))
      : undefined;
  }

  subscribes(topic: string): boolean {
    return this.topics.has(topic) || (this.pattern?.test(topic) ?? false);
  }

  deliver(message: IncomingMessage): Promise<void> {
    // Always on a later turn of the event loop: delivery is never re-entrant inside `publish`.
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.handler(message));
  }

  /** Leaves the group (its partitions move to the other members), after the in-flight message. */
  close(): Promise<void> {
    this.closing ??= this.leave(this);
    return this.closing;
  }
}
