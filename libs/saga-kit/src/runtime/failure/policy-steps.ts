import type { Cover } from '../../gen/sagakit/v1/envelope_pb';
import { rootToString } from '../../messaging/ids';
import type { StreamId } from '../../ports/event-store.port';

/** The flags of a `RevocationResponse`, as steps of the failure policy. */
export type PolicyStepName = 'system-revocation' | 'dead-letter' | 'escalation' | 'abort';

/**
 * Idempotency key of one step for one notification, kept in the source stream: a notification
 * retried after a partial failure re-runs only the steps without a record.
 */
export function stepKey(step: PolicyStepName, notificationId: string): string {
  return `policy:${step}:${notificationId}`;
}

/** The stream of an aggregate's cover. */
export function streamOf(cover: Cover): StreamId {
  return { domain: cover.domain, root: rootToString(cover.root) };
}
