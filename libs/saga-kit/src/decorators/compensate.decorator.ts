import type { Compensate as CompensateMarker } from '../gen/sagakit/v1/failure_pb';
import { SAGA_KIT_METADATA } from './metadata-keys';
import { addMethodMetadata } from './method-metadata';

/**
 * The `sagakit.v1.Compensate` marker message. The name is shared with the decorator below, so one
 * public export serves both (`@Compensate(...)` and `Compensate` as a type).
 */
export type Compensate = CompensateMarker;

/**
 * Marks an aggregate method as the inverse of an event type (short name, e.g. `FundsReserved`),
 * asked for when a `Compensate` marker names such an event: `(original, reason, state) => event(s)`.
 */
export function Compensate(eventType: string): MethodDecorator {
  return (prototype, method) =>
    addMethodMetadata(SAGA_KIT_METADATA.Compensate, prototype, method, eventType);
}
