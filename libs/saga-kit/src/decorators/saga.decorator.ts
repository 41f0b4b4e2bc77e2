import 'reflect-metadata';
import { SAGA_KIT_METADATA } from './metadata-keys';

/** Options of `@Saga`. */
export interface SagaOptions {
  /** Unique saga name; part of command ids and return addresses (e.g. `hand-table`). */
  name: string;
  /** Domain whose events the saga consumes. */
  from: string;
  /** Domain the saga sends commands to. */
  to: string;
}

/** Marks a class as a stateless saga: events of `from` in, commands to `to` out. */
export function Saga(options: SagaOptions): ClassDecorator {
  return (target) => Reflect.defineMetadata(SAGA_KIT_METADATA.Saga, { ...options }, target);
}

/** The `@Saga` options of a class or instance, if it has them. */
export function readSagaOptions(target: object): SagaOptions | undefined {
  const ctor = typeof target === 'function' ? target : target.constructor;
  return Reflect.getMetadata(SAGA_KIT_METADATA.Saga, ctor) as SagaOptions | undefined;
}
