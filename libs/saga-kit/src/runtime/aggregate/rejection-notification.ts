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
  return rejectionNotificationMessage({
    book,
    rejectedBy,
    reason,
    issuerType: AGGREGATE_ISSUER,
    notificationId: rejectionNotificationId(book.commandId),
    correlationId: rejectedBy.correlationId,
    causationId: book.commandId,
    now,
  });
}

/** A rejection of `book` by the aggregate of `rejectedBy`, as {@link rejectionNotificationMessage} sends it. */
export interface RejectionNotificationInit {
  readonly book: CommandBook;
  readonly rejectedBy: Cover;
  readonly reason: string;
  /** `aggregate` for a target's own "no", `framework` for an abort travelling upstream. */
  readonly issuerType: string;
  readonly notificationId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly now: Date;
}

/**
 * A `Notification{RejectionNotification}` to the return address of the rejected command, issued
 * by the domain of `rejectedBy`; undefined when the command has no return address.
 */
export function rejectionNotificationMessage(
  init: RejectionNotificationInit,
): OutboxMessage | undefined {
  const { book, rejectedBy } = init;
  const ra = book.returnAddress;
  if (!ra?.source) return undefined;
  const rejection = create(RejectionNotificationSchema, {
    rejectedCommand: book,
    rejectionReason: init.reason,
    issuerName: rejectedBy.domain,
    issuerType: init.issuerType,
    rejectedBy,
  });
  const to = create(CoverSchema, {
    domain: ra.source.domain,
    root: ra.source.root,
    correlationId: init.correlationId,
  });
  const n = notification(
    to,
    anyPack(RejectionNotificationSchema, rejection),
    init.notificationId,
    init.now,
  );
  return notificationMessage(n, ra.replyTopic, rejectedBy, init.causationId);
}
