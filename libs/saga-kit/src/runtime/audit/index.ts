export { AuditRecorder, auditEntryId } from './audit-recorder';
export type { AuditFact } from './audit-recorder';
export { describeEntry, shortAggregate } from './describe-entry';
export {
  renderTimelineJson,
  renderTimelineMermaid,
  renderTimelineText,
} from './timeline-renderers';
