import type { DeadLetter } from '../gen/sagakit/v1/dead_letter_pb';
import {
  CommandBookSchema,
  EventBookSchema,
  NotificationSchema,
} from '../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../messaging/headers';
import { deterministicId, rootToString } from '../messaging/ids';
import type { Topics } from '../messaging/topics';
import { encode } from '../messaging/type-registry';
import type { OutgoingMessage } from '../ports/transport.port';

/** A dead letter that cannot be republished (no payload, or no known topic for raw bytes). */
export class NotReplayableError extends Error {
  override readonly name = 'NotReplayableError';
}

/** The `message-id` a dead letter's replay is published with: new, and the same for every retry. */
export function replayMessageId(deadLetterId: string): string {
  return deterministicId('dead-letter-replay', deadLetterId);
}

/**
 * The message that replays a dead letter: its original bytes (the raw bytes, or the decoded
 * payload encoded again) to its original topic and key, with the original headers, a new
 * `message-id` and `replayed-from: <dead letter id>`. Without an original topic, the payload's
 * kind and its own cover name the domain topic it belongs on, keyed by that cover's root.
 */
export function replayMessage(letter: DeadLetter, topics: Topics): OutgoingMessage {
  const p = letter.payload;
  // The payload's own cover names where it goes (a rejected command's target); the dead
  // letter's cover may be the aggregate that gave up on it.
  const cover = (p.case && p.case !== 'raw' ? p.value.cover : undefined) ?? letter.cover;
  const original = letter.original;
  let value: Uint8Array;
  let kind: string;
  let derivedTopic: string | undefined;
  switch (p.case) {
    case 'raw':
      value = p.value;
      kind = original?.headers[Headers.Kind] ?? '';
      break;
    case 'command':
      value = encode(CommandBookSchema, p.value);
      kind = MessageKinds.Command;
      derivedTopic = cover && topics.commands(cover.domain);
      break;
    case 'events':
      value = encode(EventBookSchema, p.value);
      kind = MessageKinds.Events;
      derivedTopic = cover && topics.events(cover.domain);
      break;
    case 'notification':
      value = encode(NotificationSchema, p.value);
      kind = MessageKinds.Notification;
      derivedTopic = cover && topics.notifications(cover.domain);
      break;
    case undefined:
      throw new NotReplayableError(`dead letter ${letter.id} carries no payload`);
  }
  const topic = original?.topic || derivedTopic;
  if (!topic) {
    throw new NotReplayableError(`dead letter ${letter.id} names no topic to replay to`);
  }
  const key =
    original && original.key.length > 0
      ? Buffer.from(original.key).toString('utf8')
      : cover && cover.root.length === 16
        ? rootToString(cover.root)
        : letter.id;
  const headers: Record<string, string> = {
    ...(kind ? { [Headers.Kind]: kind } : {}),
    ...(cover?.correlationId ? { [Headers.CorrelationId]: cover.correlationId } : {}),
    ...original?.headers,
    [Headers.MessageId]: replayMessageId(letter.id),
    [Headers.ReplayedFrom]: letter.id,
    [Headers.Attempt]: '1',
  };
  return { topic, key, value, headers };
}
