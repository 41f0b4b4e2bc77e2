import { PoisonMessageError } from '../../errors/poison-message.error';
import {
  CommandBookSchema,
  EventBookSchema,
  NotificationSchema,
  type Cover,
} from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { decode } from '../../messaging/type-registry';
import type { IncomingMessage } from '../../ports/transport.port';
import type { AggregateRunner } from '../aggregate/aggregate-runner';
import { assertCommandBook, assertNotification } from '../envelope/validation';
import type { DescribeMessage } from '../consumer/consumer-boundary';
import type { NotificationDispatcher } from '../rejection/notification-dispatcher';
import type { SagaRunner } from '../saga/saga-runner';

/** The handler of an aggregate's commands and notifications topics. */
export function aggregateHandler(
  topics: Topics,
  runner: AggregateRunner,
  notifications: NotificationDispatcher,
): (message: IncomingMessage) => Promise<void> {
  return async (message) => {
    const channel = topics.parse(message.topic)?.channel;
    if (channel === 'commands') {
      const book = decode(CommandBookSchema, message.value, 'CommandBook');
      assertCommandBook(book, runner.domain);
      assertKeyedByRoot(message, book.cover, 'command');
      await runner.handleCommand(book);
    } else if (channel === 'notifications') {
      const notification = decode(NotificationSchema, message.value, 'Notification');
      assertNotification(notification, runner.domain);
      assertKeyedByRoot(message, notification.cover, 'notification');
      await notifications.handle(notification);
    } else {
      throw new PoisonMessageError('invalid_message', `unexpected topic ${message.topic}`);
    }
  };
}

/** The handler of a saga's source events topic. */
export function sagaHandler(runner: SagaRunner): (message: IncomingMessage) => Promise<void> {
  return async (message) => {
    const book = decode(EventBookSchema, message.value, 'EventBook');
    assertKeyedByRoot(message, book.cover, 'events');
    await runner.handleEvents(book);
  };
}

/**
 * Checks a message is keyed by its aggregate's root, as every producer of the framework keys
 * them: a message keyed otherwise sits on another partition than its aggregate's other messages,
 * so their order (and its key's parking queue) would be lost. A cover that is missing or
 * malformed is left to the handler, which names what is wrong with it.
 */
function assertKeyedByRoot(message: IncomingMessage, cover: Cover | undefined, what: string): void {
  if (!cover || cover.root.length !== 16) return;
  const root = rootToString(cover.root);
  if (message.key !== root) {
    throw new PoisonMessageError(
      'invalid_message',
      `${what} for ${cover.domain}/${root} is keyed ${message.key === null ? 'by nothing' : JSON.stringify(message.key)}: messages are keyed by their aggregate's root, which keeps them in order`,
    );
  }
}

/** Decodes a message for its dead letter by the channel of its topic. */
export function describeByTopic(topics: Topics): DescribeMessage {
  return (message) => {
    switch (topics.parse(message.topic)?.channel) {
      case 'commands': {
        const value = decode(CommandBookSchema, message.value);
        return {
          payload: { case: 'command', value },
          ...(value.cover ? { cover: value.cover } : {}),
        };
      }
      case 'notifications': {
        const value = decode(NotificationSchema, message.value);
        return {
          payload: { case: 'notification', value },
          ...(value.cover ? { cover: value.cover } : {}),
        };
      }
      case 'events': {
        const value = decode(EventBookSchema, message.value);
        return {
          payload: { case: 'events', value },
          ...(value.cover ? { cover: value.cover } : {}),
        };
      }
      case 'dlq':
      case undefined:
        return undefined;
    }
  };
}
