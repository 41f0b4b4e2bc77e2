import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import {
  CoverSchema,
  RejectionNotificationSchema,
  type CommandBook,
  type Cover,
} from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId } from '../../messaging/ids';
import type { OutboxMessage } from '../../ports/event-store.port';
import { notification, notificationMessage } from '../envelope/outgoing-messages';

/** Issuer type written into rejection notifications sent by an aggregate. */
export const AGGREGATE_ISSUER = 'aggregate';

/** The id of the rejection notification for a command: deterministic, so it is sent once. */
export function rejectionNotificationId(commandId: string): string {
  return deterministicId('rejection', commandId);
}

/**
 * The outbox message that carries a rejection back to the command's return address: a
 * `Notification{RejectionNotification}` to the reply topic, keyed by the source root. Undefined
 * for a command without a return address (its caller gets the outcome directly).
 */
export function rejectionMessage(
  book: CommandBook,
  rejectedBy: Cover,
  reason: string,
  now: Date,
): OutboxMessage | undefined {
  const ra = book.returnAddress;
  if (!ra?.source) return undefined;
  const rejection = create(RejectionNotificationSchema, {
    rejectedCommand: book,
    rejectionReason: reason,
    issuerName: rejectedBy.domain,
    issuerType: AGGREGATE_ISSUER,
    rejectedBy,
  });
  const to = create(CoverSchema, {
    domain: ra.source.domain,
    root: ra.source.root,
    correlationId: rejectedBy.correlationId,
  });
  const n = notification(
    to,
    anyPack(RejectionNotificationSchema, rejection),
    rejectionNotificationId(book.commandId),
    now,
  );
  return notificationMessage(n, ra.replyTopic, rejectedBy, book.commandId);
}
