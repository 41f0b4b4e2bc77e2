import { PoisonMessageError } from '../../errors/poison-message.error';
import {
  CommandBookSchema,
  EventBookSchema,
  NotificationSchema,
} from '../../gen/sagakit/v1/envelope_pb';
import type { Topics } from '../../messaging/topics';
import { decode } from '../../messaging/type-registry';
import type { IncomingMessage } from '../../ports/transport.port';
import type { AggregateRunner } from '../aggregate/aggregate-runner';
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
      await runner.handleCommand(book, { key: message.key });
    } else if (channel === 'notifications') {
      const notification = decode(NotificationSchema, message.value, 'Notification');
      await notifications.handle(notification, { key: message.key });
    } else {
      throw new PoisonMessageError('invalid_message', `unexpected topic ${message.topic}`);
    }
  };
}

/** The handler of a saga's source events topic. */
export function sagaHandler(runner: SagaRunner): (message: IncomingMessage) => Promise<void> {
  return async (message) => {
    await runner.handleEvents(decode(EventBookSchema, message.value, 'EventBook'), {
      key: message.key,
    });
  };
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
