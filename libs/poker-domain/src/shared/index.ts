export type { PokerContext } from './decision-context';
export { bytesOf, idOf } from './ids';
export { rejecterFor } from './rejections';
export type { ReasonCatalog, ShortName } from './rejections';
export { replay } from './replay';
export { escalation, isEscalation } from './escalation';
export type { Escalation } from './escalation';
export type { RejectionAnswer, RejectionFacts, RejectionHandlers } from './rejection-handlers';
export { answerRejection, toRejectionOutcome } from './rejection-outcome';
