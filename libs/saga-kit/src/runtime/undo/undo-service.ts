import { create } from '@bufbuild/protobuf';
import { CoverSchema } from '../../gen/sagakit/v1/envelope_pb';
import { deterministicId, uuidToBytes } from '../../messaging/ids';
import type { StreamId } from '../../ports/event-store.port';
import type { AggregateDeps } from '../aggregate/aggregate-deps';
import { withConflictRetry } from '../aggregate/conflict-retry';
import { buildPages } from '../aggregate/event-pages';
import { applyReadTimeTransforms } from '../aggregate/read-time-transforms';
import { evolvePages } from '../aggregate/evolve';
import type { AuditRecorder } from '../audit/audit-recorder';
import { acceptedRecord, sequencesOfRecord } from '../envelope/accepted-record';
import { eventsMessage } from '../envelope/outgoing-messages';
import { toSequence } from '../envelope/sequence';
import { planUndo, type UndoPlan } from './undo-plan';
import type { UndoKind } from './undo-request';

/** An operator's (or the framework's) request to revoke or compensate events of one stream. */
export interface UndoRequest {
  readonly domain: string;
  /** Aggregate root as a UUID string. */
  readonly root: string;
  readonly sequences: readonly number[];
  readonly reason: string;
  /** Idempotency key: a request carried out already is not carried out again (default: derived from the request). */
  readonly requestId?: string;
  /** Flow to record the undo against (default: the request id). */
  readonly correlationId?: string;
}

/** Who asked for an undo, as recorded in the audit trail. */
export type UndoOrigin = 'operator' | 'notification' | 'rejection' | 'deadline';

/** What an undo request did. */
export interface UndoResult {
  readonly status: 'appended' | 'duplicate';
  readonly requestId: string;
  /** Sequences appended: the marker, then the inverse events (Compensate). Empty for a duplicate. */
  readonly appended: number[];
}

/**
 * Writes `Revocation` and `Compensate` markers to one aggregate's streams, validated against the
 * stream (see `planUndo`), atomically with the inverse events and an idempotency record keyed by
 * the request id, so a redelivered request undoes once. Audited as `undo.revoked` /
 * `undo.compensated`.
 */
export class UndoService<S = unknown> {
  constructor(private readonly deps: AggregateDeps<S>) {}

  /** Revokes events: they and the marker read as `NoOp` from now on. */
  revoke(request: UndoRequest, origin: UndoOrigin = 'operator'): Promise<UndoResult> {
    return this.apply('revocation', request, origin);
  }

  /** Compensates events: they stay visible; their `@Compensate` handlers' inverse events are appended. */
  compensate(request: UndoRequest, origin: UndoOrigin = 'operator'): Promise<UndoResult> {
    return this.apply('compensate', request, origin);
  }

  /** Carries out an undo request of either kind. */
  async apply(kind: UndoKind, request: UndoRequest, origin: UndoOrigin): Promise<UndoResult> {
    const { definition, store } = this.deps;
    if (request.domain !== definition.domain) {
      throw new TypeError(`undo for domain ${request.domain} sent to ${definition.domain}`);
    }
    const requestId =
      request.requestId ??
      deterministicId(
        'undo',
        kind,
        request.domain,
        request.root,
        ...request.sequences,
        request.reason,
      );
    const stream: StreamId = { domain: request.domain, root: request.root };
    const cover = create(CoverSchema, {
      domain: request.domain,
      root: uuidToBytes(request.root),
      correlationId: request.correlationId ?? requestId,
    });
    const key = `undo:${requestId}`;
    const result = await withConflictRetry(async () => {
      const stored = await store.findDedup(stream, key);
      if (stored)
        return {
          status: 'duplicate' as const,
          appended: sequencesOfRecord(stored, 'undo record'),
          plan: undefined,
        };
      const loaded = await store.load(stream);
      const plan = this.plan(kind, request, loaded.pages);
      const pages = buildPages(
        this.deps.registry,
        plan.events,
        loaded.nextSequence,
        requestId,
        this.deps.clock.now(),
      );
      const appended = pages.map((p) => toSequence(p.sequence));
      const written = await store.append({
        stream,
        expectedSequence: loaded.nextSequence,
        pages,
        dedup: acceptedRecord(key, cover, appended, requestId),
        outbox: [
          eventsMessage(
            this.deps.topics,
            cover,
            pages,
            loaded.nextSequence + pages.length,
            requestId,
            deterministicId('events', key),
          ),
        ],
      });
      if (written.status === 'duplicate') {
        return {
          status: 'duplicate' as const,
          appended: sequencesOfRecord(written.value, 'undo record'),
          plan: undefined,
        };
      }
      this.deps.onAppended?.();
      return { status: 'appended' as const, appended, plan };
    }, this.deps.conflictRetry);
    await recordUndo(this.deps.audit, {
      kind,
      stream,
      correlationId: cover.correlationId,
      requestId,
      targets: [...request.sequences],
      appended: result.appended,
      reason: request.reason,
      inverseTypes: result.plan?.inverseTypes,
      origin,
    });
    this.deps.logger.info(
      { kind, ...stream, sequences: request.sequences, requestId, status: result.status, origin },
      'undo request handled',
    );
    return { status: result.status, requestId, appended: result.appended };
  }

  private plan(
    kind: UndoKind,
    request: UndoRequest,
    pages: Parameters<typeof planUndo>[0]['pages'],
  ): UndoPlan {
    const { definition } = this.deps;
    const state = evolvePages(
      definition,
      definition.initialState(),
      applyReadTimeTransforms(pages).pages,
    );
    return planUndo({
      definition,
      registry: this.deps.registry,
      pages,
      state,
      kind,
      sequences: request.sequences,
      reason: request.reason,
      streamName: `${request.domain}/${request.root}`,
    });
  }
}

/** The facts of one carried-out undo. */
export interface UndoFact {
  readonly kind: UndoKind;
  readonly stream: StreamId;
  readonly correlationId: string;
  readonly requestId: string;
  /** The sequences revoked or compensated. */
  readonly targets: number[];
  /** The sequences appended (marker first). */
  readonly appended: number[];
  readonly reason: string;
  readonly inverseTypes?: string[] | undefined;
  readonly origin: UndoOrigin;
}

/** Records `undo.revoked` / `undo.compensated` (idempotent by request id). */
export async function recordUndo(audit: AuditRecorder, fact: UndoFact): Promise<void> {
  await audit.record({
    kind: fact.kind === 'revocation' ? 'undo.revoked' : 'undo.compensated',
    key: [fact.requestId],
    correlationId: fact.correlationId,
    domain: fact.stream.domain,
    root: fact.stream.root,
    sequences: [...fact.targets].sort((a, b) => a - b),
    reason: fact.reason,
    component: fact.stream.domain,
    details: {
      requestId: fact.requestId,
      origin: fact.origin,
      ...(fact.appended[0] === undefined ? {} : { marker: fact.appended[0] }),
      appended: fact.appended.length,
      ...(fact.inverseTypes?.length ? { inverseEvents: fact.inverseTypes.join(', ') } : {}),
    },
  });
}
