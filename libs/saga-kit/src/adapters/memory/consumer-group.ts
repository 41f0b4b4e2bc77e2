import type { MemoryTopic } from './memory-topic';
import {
  PartitionCursor,
  type CursorHooks,
  type CursorMember,
  type HandlerFailure,
} from './partition-cursor';

/** A member of a consumer group: a subscription. */
export interface GroupMember extends CursorMember {
  subscribes(topic: string): boolean;
}

/** A partition's state in a group, as `MemoryTransport.inspect()` reports it. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  /** Next offset the group will handle; undefined until a member first owned the partition. */
  committed: number | undefined;
  /** Offset the next published message will get. */
  end: number;
  owner: string | undefined;
  failure: HandlerFailure | undefined;
}

/**
 * A consumer group: its members share each topic's partitions (round-robin in join order,
 * re-assigned whenever a member joins or leaves), and its committed offsets outlive its members.
 */
export class ConsumerGroup {
  private readonly members: GroupMember[] = [];
  private readonly cursors = new Map<string, PartitionCursor[]>();

  constructor(
    readonly groupId: string,
    private readonly hooks: CursorHooks,
  ) {}

  get memberIds(): string[] {
    return this.members.map((m) => m.memberId);
  }

  join(member: GroupMember, topics: Iterable<MemoryTopic>): void {
    this.members.push(member);
    for (const topic of topics) if (member.subscribes(topic.name)) this.rebalance(topic);
  }

  leave(member: GroupMember, topics: Iterable<MemoryTopic>): void {
    const index = this.members.indexOf(member);
    if (index === -1) return;
    this.members.splice(index, 1);
    for (const topic of topics) if (member.subscribes(topic.name)) this.rebalance(topic);
  }

  topicCreated(topic: MemoryTopic): void {
    if (this.members.some((m) => m.subscribes(topic.name))) this.rebalance(topic);
  }

  /** Nudges the cursor of a partition that just received a message. */
  wake(topic: string, partition: number): void {
    this.cursors.get(topic)?.[partition]?.pump();
  }

  /** Resolves once every message `member` is handling has settled. */
  async drain(member: GroupMember): Promise<void> {
    await Promise.all(this.allCursors().map((c) => c.drain(member)));
  }

  busy(allowFailing: boolean): boolean {
    return this.allCursors().some((c) => c.busy(allowFailing));
  }

  positions(): PartitionPosition[] {
    return this.allCursors().map((c) => ({
      topic: c.topic.name,
      partition: c.partition,
      committed: c.committedOffset,
      end: c.topic.end(c.partition),
      owner: c.ownerId,
      failure: c.currentFailure,
    }));
  }

  stop(): void {
    for (const cursor of this.allCursors()) cursor.stop();
  }

  private rebalance(topic: MemoryTopic): void {
    let cursors = this.cursors.get(topic.name);
    if (!cursors) {
      cursors = Array.from(
        { length: topic.partitions },
        (_, p) => new PartitionCursor(this.groupId, topic, p, this.hooks),
      );
      this.cursors.set(topic.name, cursors);
    }
    const eligible = this.members.filter((m) => m.subscribes(topic.name));
    cursors.forEach((cursor, p) => cursor.assign(eligible[p % Math.max(eligible.length, 1)]));
  }

  private allCursors(): PartitionCursor[] {
    return [...this.cursors.values()].flat();
  }
}
