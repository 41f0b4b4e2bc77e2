import type { Admin } from 'kafkajs';
import type { Outbox } from '@saga-kit/core';

/** A consumer group and the topics it consumes. */
export interface ConsumedTopics {
  readonly groupId: string;
  readonly topics: readonly string[];
}

/**
 * Whether a Kafka + Redis system has nothing left to do: every group has committed every
 * message of its topics, and no outbox holds a message. Checked in that order and then the
 * topics' ends again: a message published meanwhile (a relay round, a saga's command) moves an
 * end, and the answer is "not yet". A handler commits only after its effects (appends, outbox
 * messages, publishes) are written, so a committed offset leaves nothing half done behind it.
 */
export async function isQuiescent(
  admin: Admin,
  consumers: readonly ConsumedTopics[],
  outboxes: readonly Outbox[],
): Promise<boolean> {
  const topics = [...new Set(consumers.flatMap((c) => c.topics))];
  const ends = await topicEnds(admin, topics);
  for (const { groupId, topics: consumed } of consumers) {
    const committed = await admin.fetchOffsets({ groupId, topics: [...consumed] });
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) {
        const end = ends.get(`${topic}/${partition}`) ?? 0n;
        // -1: nothing committed yet, which is only caught up on an empty partition.
        if (BigInt(offset) < end && !(BigInt(offset) === -1n && end === 0n)) return false;
      }
    }
  }
  for (const outbox of outboxes) {
    if ((await outbox.pending(1)).length > 0) return false;
  }
  const again = await topicEnds(admin, topics);
  return [...ends].every(([key, end]) => again.get(key) === end);
}

/** The end offset (next offset to be written) of each partition, by `topic/partition`. */
async function topicEnds(admin: Admin, topics: readonly string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
      ends.set(`${topic}/${partition}`, BigInt(high));
    }
  }
  return ends;
}
