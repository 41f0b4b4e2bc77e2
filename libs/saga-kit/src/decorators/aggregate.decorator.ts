import 'reflect-metadata';
import { SAGA_KIT_METADATA } from './metadata-keys';

/** Options of `@Aggregate`. */
export interface AggregateOptions {
  /** The aggregate's domain: topic names and stream ids derive from it (e.g. `hand`). */
  domain: string;
  /** Save a snapshot of the state every N events (off when absent). */
  snapshotEvery?: number;
}

/** Marks a class as an event-sourced aggregate of `domain`. */
export function Aggregate(options: AggregateOptions): ClassDecorator {
  return (target) => Reflect.defineMetadata(SAGA_KIT_METADATA.Aggregate, { ...options }, target);
}

/** The `@Aggregate` options of a class or instance, if it has them. */
export function readAggregateOptions(target: object): AggregateOptions | undefined {
  const ctor = typeof target === 'function' ? target : target.constructor;
  return Reflect.getMetadata(SAGA_KIT_METADATA.Aggregate, ctor) as AggregateOptions | undefined;
}
