export { compensate, isUndoRequest, revoke, undoKindOf } from './undo-request';
export type { UndoKind, UndoMarker } from './undo-request';
export { UndoValidationError } from './undo-validation.error';
export type { UndoProblem, UndoProblemCode } from './undo-validation.error';
export { planUndo } from './undo-plan';
export type { UndoPlan, UndoPlanInput } from './undo-plan';
export { UndoService, recordUndo } from './undo-service';
export type { UndoFact, UndoOrigin, UndoRequest, UndoResult } from './undo-service';
export { planUndoAnswer } from './undo-answer';
export type { PlannedUndoAnswer } from './undo-answer';
export {
  DEADLINE_EXPIRED,
  undoNotificationHandlers,
  undoNotificationMessage,
} from './undo-notifications';
export type { UndoNotificationInit } from './undo-notifications';
export { streamHistory } from './stream-history';
export type { HistoryEntry, HistoryStatus } from './stream-history';
export { createUndoApi } from './undo-api';
export type { UndoApi } from './undo-api';
