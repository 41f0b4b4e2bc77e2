import type { TypeRegistry } from '../../messaging/type-registry';
import type { EventStore } from '../../ports/event-store.port';
import { streamHistory, type HistoryEntry } from './stream-history';
import type { UndoRequest, UndoResult, UndoService } from './undo-service';

/** Operator API of Revocation and Compensate (`runtime.undo`), for a CLI or an HTTP endpoint. */
export interface UndoApi {
  /** Revokes events: they and the marker read as `NoOp`; invalid requests throw `InvalidUndoRequestError`. */
  revoke(request: UndoRequest): Promise<UndoResult>;
  /** Compensates events through their `@Compensate` handlers; the originals stay visible. */
  compensate(request: UndoRequest): Promise<UndoResult>;
  /** A stream as stored, each event marked active, revoked or compensated (with the reason). */
  history(domain: string, root: string): Promise<HistoryEntry[]>;
}

/** The undo API over the undo services of the hosted aggregates. */
export function createUndoApi(
  serviceOf: (domain: string) => UndoService,
  store: EventStore,
  registry: TypeRegistry,
): UndoApi {
  return {
    revoke: (request) => serviceOf(request.domain).revoke(request),
    compensate: (request) => serviceOf(request.domain).compensate(request),
    history: async (domain, root) =>
      streamHistory((await store.load({ domain, root })).pages, registry),
  };
}
