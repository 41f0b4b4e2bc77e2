import { DeadLetterSchema, decode, type DeadLetter } from '@saga-kit/core';
import type { Consumer, IHeaders } from 'kafkajs';
import { TEST_CONSUMER_CONFIG, testKafka, uniqueName, waitForGroupJoin } from '../infra';

/** A dead letter read back from a DLQ topic: the envelope and its human-readable headers. */
export interface ReadDeadLetter {
  readonly topic: string;
  readonly letter: DeadLetter;
  readonly headers: Record<string, string>;
}

/** Reads DLQ topics from their beginning, as an operator's tool would. */
export class DeadLetterReader {
  readonly letters: ReadDeadLetter[] = [];
  private consumer: Consumer | undefined;

  constructor(private readonly topics: readonly string[]) {}

  /** Joins a group of its own and resolves once it consumes (a first join takes seconds). */
  async start(): Promise<void> {
    const consumer = testKafka('e2e-dlq-reader').consumer({
      groupId: uniqueName('e2e-dlq-reader'),
      ...TEST_CONSUMER_CONFIG,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    const joined = waitForGroupJoin(consumer);
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.letters.push({
          topic,
          letter: decode(DeadLetterSchema, message.value ?? new Uint8Array(), 'DeadLetter'),
          headers: stringHeaders(message.headers),
        });
        return Promise.resolve();
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function stringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = String(Array.isArray(value) ? value[0] : value);
  }
  return out;
}
