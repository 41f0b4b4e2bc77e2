export { transportConformance } from './transport.conformance';
export { eventStoreConformance } from './event-store.conformance';
export { auditLogConformance } from './audit-log.conformance';
export type {
  AuditLogConformanceFactory,
  ConformanceFactory,
  EventStoreConformanceFactory,
  TransportConformanceFactory,
} from './conformance-factory';
export { holdsWithin, waitFor } from './wait-for';
