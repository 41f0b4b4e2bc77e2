import type { CommandBook, Cover, Notification } from '../../gen/sagakit/v1/envelope_pb';
import { PoisonMessageError } from '../../errors/poison-message.error';
import { rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';

/** Checks a cover names a domain and a 16-byte root; anything else can never be handled. */
export function assertCover(cover: Cover | undefined, what: string): asserts cover is Cover {
  if (!cover) throw new PoisonMessageError('invalid_message', `${what} has no cover`);
  if (!cover.domain) throw new PoisonMessageError('invalid_message', `${what} names no domain`);
  if (cover.root.length !== 16) {
    throw new PoisonMessageError(
      'invalid_message',
      `${what} has a ${cover.root.length}-byte root; roots are 16-byte UUIDs`,
    );
  }
}

/** Checks a command book can be handled by `domain`. */
export function assertCommandBook(
  book: CommandBook,
  domain: string,
): asserts book is CommandBook & { cover: Cover } {
  assertCover(book.cover, 'command');
  if (book.cover.domain !== domain) {
    throw new PoisonMessageError(
      'invalid_message',
      `command for domain ${book.cover.domain} delivered to ${domain}`,
    );
  }
  if (!book.commandId) throw new PoisonMessageError('invalid_message', 'command has no command_id');
  if (!book.command) throw new PoisonMessageError('invalid_message', 'command has no payload');
}

/**
 * Checks a return address can only send rejections back into this system: the reply topic must
 * be the notifications topic (of this prefix) of the source's domain. Anything else would let a
 * sender aim rejections at any topic, so it is poison.
 */
export function assertReturnAddress(book: CommandBook, topics: Topics): void {
  const ra = book.returnAddress;
  if (!ra) return;
  const source = ra.source;
  if (!source || !source.domain || source.root.length !== 16) {
    throw new PoisonMessageError(
      'invalid_return_address',
      'forged return address: the source cover is missing or incomplete',
    );
  }
  const reply = topics.parse(ra.replyTopic);
  if (!reply || reply.channel !== 'notifications' || reply.domain !== source.domain) {
    throw new PoisonMessageError(
      'invalid_return_address',
      `forged return address: reply topic ${JSON.stringify(ra.replyTopic)} is not ${topics.prefix}.${source.domain}.notifications`,
    );
  }
  if (!ra.saga) {
    throw new PoisonMessageError('invalid_return_address', 'forged return address: no saga name');
  }
}

/** Checks a notification can be handled by `domain`. */
export function assertNotification(
  n: Notification,
  domain: string,
): asserts n is Notification & { cover: Cover } {
  assertCover(n.cover, 'notification');
  if (n.cover.domain !== domain) {
    throw new PoisonMessageError(
      'invalid_message',
      `notification for domain ${n.cover.domain} delivered to ${domain}`,
    );
  }
  if (!n.notificationId) {
    throw new PoisonMessageError('invalid_message', 'notification has no notification_id');
  }
  if (!n.payload) throw new PoisonMessageError('invalid_message', 'notification has no payload');
}

/** How a message reached its handler: with the partitioning key a transport delivered it under. */
export interface Delivery {
  readonly key: string | null;
}

/**
 * Checks a delivered message is keyed by its aggregate's root, as every producer of the framework
 * keys them: a message keyed otherwise sits on another partition than its aggregate's other
 * messages, so their order (and its key's parking queue) would be lost. A message handed in
 * without a transport (`delivery` undefined, e.g. by the HTTP gateway) has no key to check.
 */
export function assertKeyedByRoot(
  delivery: Delivery | undefined,
  cover: Cover,
  what: string,
): void {
  if (!delivery) return;
  const root = rootToString(cover.root);
  if (delivery.key !== root) {
    const keyed = delivery.key === null ? 'by nothing' : JSON.stringify(delivery.key);
    throw new PoisonMessageError(
      'invalid_message',
      `${what} for ${cover.domain}/${root} is keyed ${keyed}: messages are keyed by their aggregate's root, which keeps them in order`,
    );
  }
}
