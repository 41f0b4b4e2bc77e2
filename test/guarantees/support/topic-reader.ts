import type { Consumer, Kafka } from 'kafkajs';
import { TEST_CONSUMER_CONFIG, uniqueName, waitForGroupJoin } from '../../infra';

/** A message as read back from a topic, headers decoded. */
export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Uint8Array;
  readonly headers: Record<string, string>;
}

/**
 * Reads topics from the beginning in a consumer group of its own, as an operator's tool would:
 * for looking at what went over the wire (dead letters, duplicates) without taking part.
 */
export class TopicReader {
  readonly messages: ReadMessage[] = [];

  private constructor(private readonly consumer: Consumer) {}

  /** Starts reading; resolves once the reader joined its group. */
  static async start(kafka: Kafka, topics: readonly string[]): Promise<TopicReader> {
    const consumer = kafka.consumer({
      groupId: uniqueName('guarantees-reader'),
      ...TEST_CONSUMER_CONFIG,
    });
    const reader = new TopicReader(consumer);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      const joined = waitForGroupJoin(consumer);
      await consumer.run({
        eachMessage: ({ topic, partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) {
            const last = Array.isArray(value) ? value[value.length - 1] : value;
            if (last !== undefined) headers[name] = last.toString();
          }
          reader.messages.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: new Uint8Array(message.value ?? []),
            headers,
          });
          return Promise.resolve();
        },
      });
      await joined;
      return reader;
    } catch (error) {
      await consumer.disconnect();
      throw error;
    }
  }

  /** The messages read from `topic` so far. */
  of(topic: string): ReadMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
