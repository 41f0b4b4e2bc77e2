import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { PoisonMessageError } from '../../errors/poison-message.error';
import { CoverSchema, type Notification } from '../../gen/sagakit/v1/envelope_pb';
import { CompensateSchema, RevocationSchema } from '../../gen/sagakit/v1/failure_pb';
import { rootToString, uuidToBytes } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { decode } from '../../messaging/type-registry';
import type { OutboxMessage } from '../../ports/event-store.port';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import { notification, notificationMessage } from '../envelope/outgoing-messages';
import { toSequence } from '../envelope/sequence';
import type { NotificationPayloadHandler } from '../rejection/notification-dispatcher';
import { compensate, revoke, type UndoKind } from './undo-request';
import { UndoService, type UndoOrigin, type UndoRequest } from './undo-service';
import { UndoValidationError } from './undo-validation.error';

/** Reason prefix of revocations the deadline sweep requests. */
export const DEADLINE_EXPIRED = 'deadline_expired';

/**
 * The handlers of `Revocation` and `Compensate` notification payloads, by full type name: the
 * notification id is the request id (a redelivery undoes once). A revocation whose events are
 * all revoked already is done, not an error (two expired deadlines may name one event); any
 * other invalid request throws and the notification is dead-lettered with the reason.
 */
export function undoNotificationHandlers(): Record<string, NotificationPayloadHandler> {
  const handle =
    (kind: UndoKind): NotificationPayloadHandler =>
    async (n, deps) => {
      const schema = kind === 'revocation' ? RevocationSchema : CompensateSchema;
      const marker = decode(schema, n.payload?.value ?? new Uint8Array(), schema.typeName);
      const cover = n.cover;
      if (!cover) throw new TypeError('validated notification lost its cover');
      const request: UndoRequest = {
        domain: cover.domain,
        root: rootToString(cover.root),
        sequences: marker.sequences.map(toSequence),
        reason: marker.reason,
        requestId: n.notificationId,
        correlationId: cover.correlationId || n.notificationId,
      };
      const origin: UndoOrigin = marker.reason.startsWith(DEADLINE_EXPIRED)
        ? 'deadline'
        : 'notification';
      await applyTolerantly(new UndoService(deps), kind, request, origin, deps, n);
    };
  return {
    [RevocationSchema.typeName]: handle('revocation'),
    [CompensateSchema.typeName]: handle('compensate'),
  };
}

async function applyTolerantly(
  service: UndoService,
  kind: UndoKind,
  request: UndoRequest,
  origin: UndoOrigin,
  deps: AggregateDeps,
  n: Notification,
): Promise<void> {
  try {
    await service.apply(kind, request, origin);
  } catch (error) {
    if (!(error instanceof UndoValidationError)) throw error;
    const settled =
      kind === 'revocation' && error.problems.every((p) => p.code === 'already_revoked');
    // A refused request cannot succeed on a retry or a replay: poison, so it is dead-lettered
    // with its reasons and does not park the aggregate's later messages behind it.
    if (!settled) throw new PoisonMessageError('invalid_undo_request', error.message, error);
    deps.logger.info(
      {
        notificationId: n.notificationId,
        domain: request.domain,
        root: request.root,
        sequences: request.sequences,
      },
      'revocation request names only revoked events: nothing to do',
    );
  }
}

/** An undo request sent as a notification, for an aggregate hosted by another service. */
export interface UndoNotificationInit extends UndoRequest {
  readonly kind: UndoKind;
  /** The notification id (the request id at the receiver). */
  readonly requestId: string;
}

/**
 * The outbox message carrying an undo request to `{prefix}.{domain}.notifications`, keyed by the
 * aggregate's root; `from` names the sender (an aggregate, or the framework).
 */
export function undoNotificationMessage(
  topics: Topics,
  init: UndoNotificationInit,
  from: { domain: string; root: string },
  sentAt: Date,
  causationId: string = init.requestId,
): OutboxMessage {
  const to = create(CoverSchema, {
    domain: init.domain,
    root: uuidToBytes(init.root),
    correlationId: init.correlationId ?? init.requestId,
  });
  const payload =
    init.kind === 'revocation'
      ? anyPack(RevocationSchema, revoke(init.sequences, init.reason))
      : anyPack(CompensateSchema, compensate(init.sequences, init.reason));
  const sender = create(CoverSchema, {
    domain: from.domain,
    root: uuidToBytes(from.root),
    correlationId: to.correlationId,
  });
  return notificationMessage(
    notification(to, payload, init.requestId, sentAt),
    topics.notifications(init.domain),
    sender,
    causationId,
  );
}
