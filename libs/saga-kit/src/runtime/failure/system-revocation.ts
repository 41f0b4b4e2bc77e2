import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  SagaCompensationFailedSchema,
  type RevocationResponse,
} from '../../gen/sagakit/v1/failure_pb';
import { deterministicId } from '../../messaging/ids';
import { withConflictRetry } from '../aggregate/conflict-retry';
import { buildPages } from '../aggregate/event-pages';
import type { RejectionContext } from '../definition/handler-types';
import { acceptedRecord, sequencesOfRecord } from '../envelope/accepted-record';
import { eventsMessage } from '../envelope/outgoing-messages';
import { toWireSequence } from '../envelope/sequence';
import { rejectionFacts } from '../rejection/rejection-audit';
import type { FailurePolicyDeps } from './failure-policy-deps';
import { stepKey, streamOf } from './policy-steps';

/**
 * `emitSystemRevocation`: appends a `SagaCompensationFailed` event to the source stream, once per
 * notification (its idempotency record is written in the same atomic append), and publishes it
 * on the domain's events topic like any event. Returns the sequence(s) it holds.
 */
export async function appendSystemRevocation(
  deps: FailurePolicyDeps,
  response: RevocationResponse,
  rejection: RejectionContext,
): Promise<number[]> {
  const stream = streamOf(rejection.source);
  const key = stepKey('system-revocation', rejection.notificationId);
  const occurredAt = deps.clock.now();
  const event = create(SagaCompensationFailedSchema, {
    triggeringAggregate: rejection.source,
    triggeringEventSequence: toWireSequence(rejection.sourceSequence),
    saga: rejection.saga,
    rejectionReason: rejection.reason,
    compensationFailureReason: response.reason,
    rejectedCommand: rejection.command,
    occurredAt: timestampFromDate(occurredAt),
  });
  const sequences = await withConflictRetry(async () => {
    const done = await deps.store.findDedup(stream, key);
    if (done) return sequencesOfRecord(done, 'failure policy step record');
    const { nextSequence } = await deps.store.load(stream, { useSnapshot: true });
    const pages = buildPages(
      deps.registry,
      [event],
      nextSequence,
      rejection.notificationId,
      occurredAt,
    );
    // The router may append events caused by the same notification; keep the ids apart.
    for (const page of pages) page.eventId = deterministicId('event', key, Number(page.sequence));
    const result = await deps.store.append({
      stream,
      expectedSequence: nextSequence,
      pages,
      dedup: acceptedRecord(key, rejection.source, [nextSequence]),
      outbox: [
        eventsMessage(
          deps.topics,
          rejection.source,
          pages,
          nextSequence + 1,
          rejection.notificationId,
          deterministicId('events', key),
        ),
      ],
    });
    if (result.status === 'duplicate')
      return sequencesOfRecord(result.value, 'failure policy step record');
    deps.onAppended?.();
    return [nextSequence];
  }, deps.conflictRetry);
  await deps.audit.record({
    ...rejectionFacts(rejection, rejection.source.domain),
    kind: 'system-revocation.appended',
    key: [rejection.notificationId],
    sequences,
    eventTypes: ['SagaCompensationFailed'],
    reason: response.reason,
    details: { rejectionReason: rejection.reason },
  });
  return sequences;
}
