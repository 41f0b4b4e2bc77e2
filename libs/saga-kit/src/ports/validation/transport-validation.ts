import { PoisonMessageError } from '../../errors/poison-message.error';
import type { OutgoingMessage, SubscriptionOptions } from '../transport.port';
import { assertNonEmptyString, assertWellFormed } from './values';

/** Kafka's rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertTopicName(topic: unknown, what = 'topic'): asserts topic is string {
  if (typeof topic !== 'string' || !TOPIC_NAME.test(topic)) {
    throw new TypeError(
      `${what} must be 1-249 characters of [a-zA-Z0-9._-], got ${JSON.stringify(topic)}`,
    );
  }
}

/** Checks the shape of a message to publish; `at` names it in the error (e.g. `messages[2]`). */
export function assertOutgoingMessage(
  message: unknown,
  at: string,
): asserts message is OutgoingMessage {
  if (typeof message !== 'object' || message === null)
    throw new TypeError(`${at} must be an object`);
  const m = message as Partial<Record<keyof OutgoingMessage, unknown>>;
  assertTopicName(m.topic, `${at}.topic`);
  if (typeof m.key !== 'string') throw new TypeError(`${at}.key must be a string`);
  // Kafka carries the key as UTF-8: a lone surrogate would become U+FFFD and share a partition
  // (and a parking queue) with another aggregate's key.
  assertWellFormed(m.key, `${at}.key`);
  if (!(m.value instanceof Uint8Array)) throw new TypeError(`${at}.value must be a Uint8Array`);
  if (typeof m.headers !== 'object' || m.headers === null) {
    throw new TypeError(`${at}.headers must be an object of strings`);
  }
  for (const [name, value] of Object.entries(m.headers)) {
    if (typeof value !== 'string')
      throw new TypeError(`${at}.headers[${JSON.stringify(name)}] must be a string`);
  }
}

/** Bytes a message takes on the wire, ignoring record framing: key + value + header names and values. */
function messageSize(message: OutgoingMessage): number {
  let size = Buffer.byteLength(message.key, 'utf8') + message.value.byteLength;
  for (const [name, value] of Object.entries(message.headers)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return size;
}

/** Rejects a message over the broker's size limit, as Kafka does (`MESSAGE_TOO_LARGE`). */
function assertMessageSize(message: OutgoingMessage, maxMessageBytes: number): void {
  const size = messageSize(message);
  if (size > maxMessageBytes) {
    throw new PoisonMessageError(
      'oversized',
      `message to ${message.topic} is ${size} bytes, over the limit of ${maxMessageBytes} bytes`,
    );
  }
}

/**
 * Checks a whole batch to publish before anything is sent, so that a rejected publish sends
 * nothing: each message's shape, then its size (PoisonMessageError `oversized`).
 */
export function assertPublishBatch(
  messages: unknown,
  maxMessageBytes: number,
): asserts messages is readonly OutgoingMessage[] {
  if (!Array.isArray(messages)) throw new TypeError('publish takes an array of messages');
  messages.forEach((m: unknown, i) => assertOutgoingMessage(m, `messages[${i}]`));
  for (const m of messages as OutgoingMessage[]) assertMessageSize(m, maxMessageBytes);
}

export function assertSubscriptionOptions(
  options: unknown,
  handler: unknown,
): asserts options is SubscriptionOptions {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('subscription options must be an object');
  const o = options as Partial<Record<keyof SubscriptionOptions, unknown>>;
  assertNonEmptyString(o.groupId, 'subscription groupId');
  if (o.topics !== undefined) {
    if (!Array.isArray(o.topics)) throw new TypeError('subscription topics must be an array');
    o.topics.forEach((t, i) => assertTopicName(t, `topics[${i}]`));
  }
  if (o.topicPattern !== undefined && !(o.topicPattern instanceof RegExp)) {
    throw new TypeError('subscription topicPattern must be a RegExp');
  }
  if ((o.topics?.length ?? 0) === 0 && o.topicPattern === undefined) {
    throw new TypeError('a subscription needs topics or a topicPattern');
  }
  if (typeof handler !== 'function') throw new TypeError('subscription handler must be a function');
}
