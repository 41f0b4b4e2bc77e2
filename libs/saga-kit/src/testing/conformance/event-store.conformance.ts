import { describe } from '@jest/globals';
import type { EventStoreConformanceFactory } from './conformance-factory';
import { dedupOutboxConformance } from './dedup-outbox.conformance';
import { useEventStore } from './event-store-context';
import { inputConformance } from './event-store-input.conformance';
import { streamConformance } from './event-stream.conformance';

/**
 * Declares the jest tests every `EventStore & Outbox` adapter must pass. Each test gets a store
 * from `factory.create()` whose outbox holds nothing yet.
 */
export function eventStoreConformance(name: string, factory: EventStoreConformanceFactory): void {
  describe(`${name} honours the EventStore and Outbox contracts`, () => {
    const ctx = useEventStore(factory);
    streamConformance(ctx);
    dedupOutboxConformance(ctx);
    inputConformance(ctx);
  });
}
