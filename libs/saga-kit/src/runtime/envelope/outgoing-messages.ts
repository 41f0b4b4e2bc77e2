import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { create } from '@bufbuild/protobuf';
import {
  CommandBookSchema,
  EventBookSchema,
  NotificationSchema,
  type CommandBook,
  type Cover,
  type EventPage,
  type Notification,
} from '../../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../../messaging/headers';
import { rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { encode } from '../../messaging/type-registry';
import type { OutboxMessage } from '../../ports/event-store.port';
import type { OutgoingMessage } from '../../ports/transport.port';
import { toSequence, toWireSequence } from './sequence';

/** `domain/root@sequence` (or `domain/root`), the value of the `source` header. */
export function sourceLabel(domain: string, root: string, sequence?: number): string {
  return sequence === undefined ? `${domain}/${root}` : `${domain}/${root}@${sequence}`;
}

/** The pages just appended to a stream, as an outbox message to `{prefix}.{domain}.events`. */
export function eventsMessage(
  topics: Topics,
  cover: Cover,
  pages: readonly EventPage[],
  nextSequence: number,
  causationId: string,
  messageId: string,
): OutboxMessage {
  const root = rootToString(cover.root);
  const book = create(EventBookSchema, {
    cover,
    pages: [...pages],
    nextSequence: toWireSequence(nextSequence),
  });
  const first = pages[0];
  return {
    id: messageId,
    topic: topics.events(cover.domain),
    key: root,
    value: encode(EventBookSchema, book),
    headers: {
      [Headers.MessageId]: messageId,
      [Headers.Kind]: MessageKinds.Events,
      [Headers.MessageType]: first?.event?.typeUrl ?? '',
      [Headers.CorrelationId]: cover.correlationId,
      [Headers.CausationId]: causationId,
      [Headers.Source]: sourceLabel(
        cover.domain,
        root,
        first === undefined ? undefined : toSequence(first.sequence),
      ),
      [Headers.Attempt]: '1',
    },
  };
}

/** A notification as an outbox message to its reply topic, keyed by the receiving root. */
export function notificationMessage(
  notification: Notification,
  replyTopic: string,
  from: Cover,
  causationId: string,
): OutboxMessage {
  const to = notification.cover;
  if (!to) throw new TypeError('a notification needs the cover of the aggregate it goes to');
  return {
    id: notification.notificationId,
    topic: replyTopic,
    key: rootToString(to.root),
    value: encode(NotificationSchema, notification),
    headers: {
      [Headers.MessageId]: notification.notificationId,
      [Headers.Kind]: MessageKinds.Notification,
      [Headers.MessageType]: notification.payload?.typeUrl ?? '',
      [Headers.CorrelationId]: to.correlationId,
      [Headers.CausationId]: causationId,
      [Headers.Source]: sourceLabel(from.domain, rootToString(from.root)),
      [Headers.Attempt]: '1',
    },
  };
}

/** A command book as a transport message to `{prefix}.{domain}.commands`, keyed by its root. */
export function commandMessage(topics: Topics, book: CommandBook): OutgoingMessage {
  const cover = book.cover;
  if (!cover) throw new TypeError('a command needs a cover');
  const headers: Record<string, string> = {
    [Headers.MessageId]: book.commandId,
    [Headers.Kind]: MessageKinds.Command,
    [Headers.MessageType]: book.command?.typeUrl ?? '',
    [Headers.CorrelationId]: cover.correlationId,
    [Headers.CausationId]: book.causationId,
    [Headers.Attempt]: '1',
  };
  const ra = book.returnAddress;
  if (ra?.source) {
    headers[Headers.ReplyTo] = ra.replyTopic;
    headers[Headers.Source] = sourceLabel(
      ra.source.domain,
      rootToString(ra.source.root),
      toSequence(ra.sourceSequence),
    );
    headers[Headers.Saga] = ra.saga;
  }
  return {
    topic: topics.commands(cover.domain),
    key: rootToString(cover.root),
    value: encode(CommandBookSchema, book),
    headers,
  };
}

/** A Notification envelope around a packed payload. */
export function notification(
  cover: Cover,
  payload: Notification['payload'],
  notificationId: string,
  sentAt: Date,
): Notification {
  return create(NotificationSchema, {
    cover,
    payload,
    notificationId,
    sentAt: timestampFromDate(sentAt),
  });
}
