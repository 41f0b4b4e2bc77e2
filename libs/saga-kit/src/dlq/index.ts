export {
  DEAD_LETTER_STATUSES,
  type DeadLetterDiscard,
  type DeadLetterEntry,
  type DeadLetterFacts,
  type DeadLetterPayloadKind,
  type DeadLetterReplay,
  type DeadLetterStatus,
  type RecordPosition,
} from './dead-letter-entry';
export {
  DEAD_LETTER_PAGE,
  DeadLetterFilterError,
  filterToQuery,
  isDeadLetterFilterError,
  parseDeadLetterFilter,
  parseDeadLetterQuery,
  type DeadLetterFilter,
  type DeadLetterQuery,
} from './dead-letter-filter';
export { UNDECODABLE_DEAD_LETTER, deadLetterFacts, undecodableFacts } from './dead-letter-facts';
export { MASKED, deadLetterToJson, maskFields, messageToJson } from './dead-letter-json';
export { NotReplayableError, replayMessage, replayMessageId } from './replay-message';
export { RedisDeadLetterStore } from './redis-dead-letter-store';
export {
  REDIS_DEAD_LETTER_STORE_DEFAULTS,
  type ClaimOutcome,
  type DeadLetterCounts,
  type DeadLetterPage,
  type DiscardOutcome,
  type RedisDeadLetterStoreOptions,
  type StoredDeadLetter,
} from './dead-letter-store.types';
export {
  DeadLetterNotFoundError,
  DeadLetterReplayer,
  DeadLetterStateError,
  type DeadLetterReplayerOptions,
  type ReplayResult,
} from './dead-letter-replayer';
export type {
  AuditEntryJson,
  BulkReplayResponse,
  DeadLetterDetail,
  DeadLetterListPage,
  EscalationRecord,
} from './dlq-api.types';
