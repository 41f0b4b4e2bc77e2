export { AggregateRunner, UNEXPECTED_SEQUENCE } from './aggregate-runner';
export {
  AGGREGATE_ISSUER,
  rejectionMessage,
  rejectionNotificationId,
} from './rejection-notification';
export type { AggregateDeps } from './aggregate-deps';
export { withConflictRetry } from './conflict-retry';
export type { ConflictRetryOptions } from './conflict-retry';
export { eventsOf } from './decide';
export { buildPages } from './event-pages';
export { evolveAll, evolvePages } from './evolve';
export {
  applyReadTimeTransforms,
  isNoOp,
  isUndoMarker,
  readMarker,
  revokesAtOrBefore,
} from './read-time-transforms';
export type { ReadTimeView, UndoneBy } from './read-time-transforms';
export { loadAggregate, maybeSnapshot } from './stream-loader';
export type { LoadedAggregate } from './stream-loader';
