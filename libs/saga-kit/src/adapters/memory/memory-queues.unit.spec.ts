import { abortRegistryConformance, jobQueueConformance } from '../../testing/conformance';
import { EventStoreAbortRegistry } from '../../runtime/failure/event-store-abort-registry';
import { MemoryAbortRegistry } from './memory-abort-registry';
import { MemoryEventStore } from './memory-event-store';
import { MemoryJobQueue } from './memory-job-queue';

const waitTimeoutMs = 3_000;

jobQueueConformance('MemoryJobQueue', {
  create: () => Promise.resolve(new MemoryJobQueue()),
  waitTimeoutMs,
});

abortRegistryConformance('MemoryAbortRegistry', {
  create: () => Promise.resolve(new MemoryAbortRegistry()),
  waitTimeoutMs,
});

abortRegistryConformance('EventStoreAbortRegistry on MemoryEventStore', {
  create: () => Promise.resolve(new EventStoreAbortRegistry(new MemoryEventStore())),
  waitTimeoutMs,
});
