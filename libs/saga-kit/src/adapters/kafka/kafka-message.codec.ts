import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { IncomingMessage, OutgoingMessage } from '../../ports/transport.port';

const EMPTY = new Uint8Array(0);

/** A transport message as kafkajs sends it: key and headers as strings, the value without a copy. */
export function toKafkaMessage(message: OutgoingMessage): Message {
  const { value } = message;
  return {
    key: message.key,
    value: Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    headers: { ...message.headers },
  };
}

/**
 * Groups messages by topic for one `sendBatch`, keeping publish order within each topic (and so
 * within each key, since kafkajs keeps the order of a topic's messages per partition).
 */
export function groupByTopic(
  messages: readonly OutgoingMessage[],
): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  for (const message of messages) {
    let list = byTopic.get(message.topic);
    if (!list) byTopic.set(message.topic, (list = []));
    list.push(toKafkaMessage(message));
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}

/** A kafkajs message as delivered to a handler: headers decoded to strings (UTF-8). */
export function toIncomingMessage(
  topic: string,
  partition: number,
  message: KafkaMessage,
): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    // A plain view, not the Buffer subclass: handlers see exactly the port's type. A tombstone
    // (null value) reads as empty bytes.
    value: message.value
      ? new Uint8Array(message.value.buffer, message.value.byteOffset, message.value.byteLength)
      : EMPTY,
    headers: decodeHeaders(message.headers),
  };
}

/** kafkajs headers (Buffers, repeated names as arrays) as one string per name; the last value wins, as in Kafka's `lastHeader`. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    decoded[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return decoded;
}
