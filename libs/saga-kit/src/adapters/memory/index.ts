export { MemoryTransport, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_PARTITIONS } from './memory-transport';
export type {
  HandlerFailure,
  MemoryTransportOptions,
  MemoryTransportSnapshot,
  PartitionPosition,
  PublishedMessage,
  WhenIdleOptions,
} from './memory-transport';
export { MemoryEventStore } from './memory-event-store';
export type { OutboxListener } from './memory-event-store';
export { MemoryAuditLog } from './memory-audit-log';
export { ManualClock } from './manual-clock';
export { murmur2, partitionForKey } from './key-partitioner';
export { MemoryJobQueue } from './memory-job-queue';
export type { MemoryJobQueueOptions } from './memory-job-queue';
export { MemoryAbortRegistry } from './memory-abort-registry';
