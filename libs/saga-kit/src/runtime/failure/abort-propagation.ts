import type { Logger } from 'pino';
import type { RevocationResponse } from '../../gen/sagakit/v1/failure_pb';
import { deterministicId, rootToString } from '../../messaging/ids';
import type { Topics } from '../../messaging/topics';
import { shortTypeName } from '../../messaging/type-registry';
import type { Clock } from '../../ports/clock.port';
import type { EventStore, OutboxMessage, StreamId } from '../../ports/event-store.port';
import { rejectionNotificationMessage } from '../aggregate/rejection-notification';
import type { AuditRecorder } from '../audit/audit-recorder';
import type { RejectionContext } from '../definition/handler-types';
import { toSequence } from '../envelope/sequence';
import { findTrigger } from './trigger-journal';

/** Prefix of the reason of a rejection propagated upstream by an abort. */
export const ABORTED_PREFIX = 'aborted: ';
/** Issuer type of rejections the framework sends on its own (abort propagation). */
export const FRAMEWORK_ISSUER = 'framework';

/** `aborted: <reason>`, without stacking the prefix when an abort travels several levels. */
export function abortedReason(reason: string): string {
  return reason.startsWith(ABORTED_PREFIX) ? reason : `${ABORTED_PREFIX}${reason}`;
}

/** Whether a rejection is an abort travelling upstream rather than a target's own "no". */
export function isAbortPropagation(rejection: RejectionContext): boolean {
  return rejection.issuer.type === FRAMEWORK_ISSUER && rejection.reason.startsWith(ABORTED_PREFIX);
}

/** Id of the notification that carries an abort upstream: one per handled notification. */
export function abortPropagationId(notificationId: string): string {
  return deterministicId('abort-propagation', notificationId);
}

/** What finding and addressing the upstream source needs. */
export interface UpstreamDeps {
  readonly store: EventStore;
  readonly topics: Topics;
  readonly clock: Clock;
  readonly audit: AuditRecorder;
  readonly logger: Logger;
}

/**
 * The rejection an abort sends upstream from the aggregate handling `rejection`, or undefined
 * when its triggering event was not caused by a saga-issued command (nothing upstream). The
 * triggering event is the page at `rejection.sourceSequence`; its causation id names the
 * command, found in the trigger journal. The upstream `@Rejected` handler receives that command
 * with reason `aborted: <the original rejection reason>` and issuer type `framework`.
 * Records `notification.sent` for it (idempotent).
 */
export async function upstreamRejection(
  deps: UpstreamDeps,
  stream: StreamId,
  rejection: RejectionContext,
): Promise<OutboxMessage | undefined> {
  const { pages } = await deps.store.load(stream);
  const trigger = pages.find((p) => toSequence(p.sequence) === rejection.sourceSequence);
  const location = { correlationId: rejection.correlationId, ...stream };
  if (!trigger) {
    deps.logger.warn(
      { ...location, sequence: rejection.sourceSequence },
      'abort not propagated: the triggering event is not in the stream',
    );
    return undefined;
  }
  const book = await findTrigger(deps.store, stream, trigger.causationId);
  const ra = book?.returnAddress;
  if (!book || !ra?.source) {
    deps.logger.info(
      { ...location, causationId: trigger.causationId },
      'abort not propagated: the triggering command had no return address',
    );
    return undefined;
  }
  const reason = abortedReason(rejection.reason);
  const id = abortPropagationId(rejection.notificationId);
  const message = rejectionNotificationMessage({
    book,
    rejectedBy: rejection.source,
    reason,
    issuerType: FRAMEWORK_ISSUER,
    notificationId: id,
    correlationId: rejection.correlationId,
    causationId: rejection.notificationId,
    now: deps.clock.now(),
  });
  await deps.audit.record({
    kind: 'notification.sent',
    key: [id],
    correlationId: rejection.correlationId,
    domain: stream.domain,
    root: stream.root,
    saga: ra.saga || undefined,
    commandId: book.commandId,
    commandType: shortTypeName(book.command?.typeUrl ?? ''),
    reason,
    peer: { domain: ra.source.domain, root: rootToString(ra.source.root) },
    component: stream.domain,
    details: { notificationId: id, payload: 'RejectionNotification', abort: true },
  });
  return message;
}

/**
 * Messages the rejection router queues with a handled rejection: when the rejection is itself an
 * abort travelling upstream, it travels on (whatever the handler answered), so an abort unwinds
 * the whole chain of return addresses. A handler that delegates with `abort` again is left to
 * the failure policy, which sends the same notification (same id).
 */
export function abortFollowUps(
  deps: UpstreamDeps,
): (
  rejection: RejectionContext,
  stream: StreamId,
  response?: RevocationResponse,
) => Promise<OutboxMessage[]> {
  return async (rejection, stream, response) => {
    if (!isAbortPropagation(rejection) || response?.abort) return [];
    const message = await upstreamRejection(deps, stream, rejection);
    return message ? [message] : [];
  };
}
