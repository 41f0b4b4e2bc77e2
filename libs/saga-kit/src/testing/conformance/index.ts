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
export { jobQueueConformance } from './job-queue.conformance';
export type { JobQueueConformanceFactory } from './job-queue.conformance';
export { abortRegistryConformance } from './abort-registry.conformance';
export type { AbortRegistryConformanceFactory } from './abort-registry.conformance';
