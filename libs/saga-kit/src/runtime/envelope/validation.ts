import type { CommandBook, Cover, Notification } from '../../gen/sagakit/v1/envelope_pb';
import { PoisonMessageError } from '../../errors/poison-message.error';
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
export function assertCommandBook(book: CommandBook, domain: string): void {
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
export function assertNotification(n: Notification, domain: string): void {
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
