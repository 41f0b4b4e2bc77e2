import type { StreamId } from '../../ports/event-store.port';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import type { RejectionContext } from '../definition/handler-types';
import { toSequence } from '../envelope/sequence';
import { planUndo, type UndoPlan } from './undo-plan';
import { undoKindOf, type UndoMarker } from './undo-request';
import { recordUndo } from './undo-service';

/** A `revoke(...)` / `compensate(...)` answer of a `@Rejected` handler, validated and expanded. */
export interface PlannedUndoAnswer extends UndoPlan {
  /** Records `undo.revoked` / `undo.compensated` once the events are appended at `appended`. */
  record(appended: number[]): Promise<void>;
}

/**
 * Validates a rejection handler's undo answer against the source stream and expands it into the
 * marker and inverse events, which the rejection router appends with the notification's
 * idempotency record (so a redelivered rejection undoes once).
 */
export async function planUndoAnswer<S>(
  deps: AggregateDeps<S>,
  stream: StreamId,
  marker: UndoMarker,
  state: S,
  rejection: RejectionContext,
): Promise<PlannedUndoAnswer> {
  const kind = undoKindOf(marker);
  const targets = marker.sequences.map(toSequence);
  const { pages } = await deps.store.load(stream);
  const plan = planUndo({
    definition: deps.definition,
    registry: deps.registry,
    pages,
    state,
    kind,
    sequences: targets,
    reason: marker.reason,
    streamName: `${stream.domain}/${stream.root}`,
  });
  return {
    ...plan,
    record: (appended) =>
      recordUndo(deps.audit, {
        kind,
        stream,
        correlationId: rejection.correlationId,
        requestId: rejection.notificationId,
        targets,
        appended,
        reason: marker.reason,
        inverseTypes: plan.inverseTypes,
        origin: 'rejection',
      }),
  };
}
