export { initialHandState, playerIn } from './hand.state';
export type {
  HandPlayer,
  HandPlayerStatus,
  HandSettlement,
  HandState,
  HandStatus,
  HandStreet,
  PendingAction,
} from './hand.state';
export type { HandCommand, HandEvent } from './hand.messages';
export { HAND_REJECTIONS } from './hand.rejections';
export type { HandRejection } from './hand.rejections';
export { decideHand } from './hand.decide';
export { evolveHand } from './hand.evolve';
export { SHORT_OF_BLIND } from './hand-start.decide';
export { potAwards, rankContenders } from './showdown';
export {
  BET_REVERTED,
  HAND_REJECTION_HANDLERS,
  revertRejectedDeduction,
} from './hand.compensations';
export { HandAggregate } from './hand.aggregate';
export { callsForRetry, RETRY_PROMPT_REASONS, retryPromptFor } from './action-retry';
export { promptRetryAfterRejection } from './action-retry.prompter';
export type { RejectedHandCommand } from './action-retry.prompter';
export { ActionRetryInterceptor } from './action-retry.interceptor';
