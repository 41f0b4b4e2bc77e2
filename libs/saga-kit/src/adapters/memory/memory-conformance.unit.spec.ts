import {
  auditLogConformance,
  eventStoreConformance,
  transportConformance,
} from '../../testing/conformance';
import { MemoryAuditLog } from './memory-audit-log';
import { MemoryEventStore } from './memory-event-store';
import { MemoryTransport } from './memory-transport';

// Memory answers at once; a short wait makes a broken adapter fail fast.
const waitTimeoutMs = 3_000;

transportConformance('MemoryTransport', {
  create: () => Promise.resolve(new MemoryTransport({ redeliveryDelayMs: 1 })),
  waitTimeoutMs,
});

eventStoreConformance('MemoryEventStore', {
  create: () => Promise.resolve(new MemoryEventStore()),
  waitTimeoutMs,
});

auditLogConformance('MemoryAuditLog', {
  create: () => Promise.resolve(new MemoryAuditLog()),
  waitTimeoutMs,
});
