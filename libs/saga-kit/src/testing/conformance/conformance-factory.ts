import type { AuditLog } from '../../ports/audit-log.port';
import type { EventStore, Outbox } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';

/** How a conformance suite gets a fresh adapter for each test. */
export interface ConformanceFactory<T> {
  /** A ready adapter whose data no other test sees (e.g. a unique key prefix). */
  create(): Promise<T>;
  /** Releases the adapter after each test (default for a transport: `close()`). */
  dispose?(adapter: T): Promise<void>;
  /** Longest wait for a condition, in ms (default 30 000): generous, since brokers are slow to join. */
  waitTimeoutMs?: number;
}

/**
 * A transport under test. Its `subscribe` must resolve once the member has joined its group and
 * been given partitions, so that messages published afterwards are not moved by a rebalance.
 */
export interface TransportConformanceFactory extends ConformanceFactory<Transport> {
  /** Creates a topic with `partitions` partitions before a test uses it, if the broker needs that. */
  createTopic?(topic: string, partitions: number): Promise<void>;
  /** A value size the transport must refuse to publish (default 2 MiB, over Kafka's 1 MiB default). */
  oversizedBytes?: number;
}

export type EventStoreConformanceFactory = ConformanceFactory<EventStore & Outbox>;

export type AuditLogConformanceFactory = ConformanceFactory<AuditLog>;

export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/** Jest timeout of one test: room for a few waits plus the adapter's setup and teardown. */
export function testTimeout(factory: ConformanceFactory<unknown>): number {
  return (factory.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS) * 2 + 30_000;
}
