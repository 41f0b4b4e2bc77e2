import type { Logger } from 'pino';
import type { TypeRegistry } from '../../messaging/type-registry';
import type { AuditLog } from '../../ports/audit-log.port';
import type { JobQueue } from '../../ports/job-queue.port';
import type { EventStore, Outbox } from '../../ports/event-store.port';
import type { Transport } from '../../ports/transport.port';
import type { HealthIndicator } from '../health/health-indicator';
import type { SagaKitMetrics } from '../metrics/saga-kit-metrics';

/** The ports one service's runtime runs on, as the module resolved them from its options. */
export interface SagaKitAdapters {
  readonly service: string;
  /** Instrumented for metrics unless they are off. */
  readonly transport: Transport;
  readonly store: EventStore;
  readonly outbox: Outbox;
  /** Instrumented for metrics unless they are off. */
  readonly audit: AuditLog;
  readonly registry: TypeRegistry;
  readonly logger: Logger;
  readonly metrics: SagaKitMetrics | undefined;
  /** A durable job queue next to the store (Redis when the store is Redis, else memory). */
  jobQueue(name: string): JobQueue;
  /** Checks of the transport and the store for `GET /health`. */
  readonly health: readonly HealthIndicator[];
  /** Closes what the module built itself (never instances it was given). */
  close(): Promise<void>;
}

/** A port the module built or was given, its health check, and how to close it. */
export interface BuiltPort<T> {
  readonly port: T;
  readonly check: () => Promise<void>;
  /** Undefined for instances the module was given. */
  readonly close?: () => Promise<void>;
}

/** Rejects when `promise` does not settle within `ms`; the timer never outlives the race. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
