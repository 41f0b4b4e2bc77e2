import { create } from '@bufbuild/protobuf';
import type { Logger } from 'pino';
import { SnapshotSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import type { EventStore, LoadedStream, StreamId } from '../../ports/event-store.port';
import type { AggregateDefinition } from '../definition/aggregate-definition';
import { toSequence, toWireSequence } from '../envelope/sequence';
import { evolvePages } from './evolve';
import { applyReadTimeTransforms, isUndoMarker, revokesAtOrBefore } from './read-time-transforms';

/** An aggregate's current state, rebuilt from its stream. */
export interface LoadedAggregate<S> {
  readonly state: S;
  /** The sequence the next appended event gets; the `expectedSequence` of the next append. */
  readonly nextSequence: number;
  /** Whether a snapshot was used. */
  readonly fromSnapshot: boolean;
}

/**
 * Loads a stream, applies the read-time transforms and folds the state. With snapshots on, it
 * starts from the latest snapshot, unless a `Revocation` after it revokes an event the snapshot
 * already folded in, or the codec cannot read it: then it replays the whole stream. A stream
 * without a snapshot (one younger than `snapshotEvery`) is read once: that load returned every
 * page already.
 */
export async function loadAggregate<S>(
  definition: AggregateDefinition<S>,
  store: EventStore,
  stream: StreamId,
  logger?: Logger,
): Promise<LoadedAggregate<S>> {
  if (definition.snapshotEvery !== undefined) {
    const loaded = await store.load(stream, { useSnapshot: true });
    const snapshot = loaded.snapshot;
    if (!snapshot) return replay(definition, loaded);
    if (snapshot.state) {
      const at = toSequence(snapshot.sequence);
      if (!revokesAtOrBefore(loaded.pages, at)) {
        try {
          const base = definition.stateCodec.decode(snapshot.state);
          const view = applyReadTimeTransforms(loaded.pages);
          return {
            state: evolvePages(definition, base, view.pages),
            nextSequence: loaded.nextSequence,
            fromSnapshot: true,
          };
        } catch (error) {
          logger?.warn(
            { domain: stream.domain, root: stream.root, sequence: at, err: error },
            'snapshot ignored: state codec could not read it',
          );
        }
      }
    }
  }
  return replay(definition, await store.load(stream));
}

/**
 * A load started alongside the dedup check that may make it unneeded, so that the two round
 * trips overlap: its failure is left to whoever awaits it, never reported as unhandled when a
 * duplicate discards it.
 */
export function loadAggregateAlongside<S>(
  loading: Promise<LoadedAggregate<S>>,
): Promise<LoadedAggregate<S>> {
  loading.catch(() => undefined);
  return loading;
}

/** Folds a whole stream (every page from sequence 0) from the initial state. */
function replay<S>(definition: AggregateDefinition<S>, full: LoadedStream): LoadedAggregate<S> {
  const view = applyReadTimeTransforms(full.pages);
  return {
    state: evolvePages(definition, definition.initialState(), view.pages),
    nextSequence: full.nextSequence,
    fromSnapshot: false,
  };
}

/**
 * Saves a snapshot when an append crossed a multiple of `snapshotEvery`. Skipped when the new
 * pages hold undo markers (they change earlier state; the next load replays instead). Best
 * effort: a failure is logged, never raised, since the events are already stored.
 */
export async function maybeSnapshot<S>(
  definition: AggregateDefinition<S>,
  store: EventStore,
  stream: StreamId,
  before: number,
  pages: readonly EventPage[],
  /** The state after the pages; only computed when a snapshot is due. */
  stateAfter: () => S,
  logger?: Logger,
): Promise<void> {
  const every = definition.snapshotEvery;
  if (every === undefined || pages.length === 0) return;
  const after = before + pages.length;
  if (Math.floor(after / every) === Math.floor(before / every)) return;
  if (pages.some(isUndoMarker)) return;
  try {
    const snapshot = create(SnapshotSchema, {
      sequence: toWireSequence(after - 1),
      state: definition.stateCodec.encode(stateAfter()),
    });
    await store.saveSnapshot(stream, snapshot);
  } catch (error) {
    logger?.warn(
      { domain: stream.domain, root: stream.root, sequence: after - 1, err: error },
      'snapshot not saved',
    );
  }
}
