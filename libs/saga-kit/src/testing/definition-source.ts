import type { AggregateDefinition } from '../runtime/definition/aggregate-definition';
import {
  toAggregateDefinition,
  toSagaDefinition,
} from '../runtime/definition/definition-of-instance';
import type { SagaDefinition } from '../runtime/definition/saga-definition';

/** A definition, a decorated instance, or a decorated class with a no-argument constructor. */
export type DefinitionSource = object | (new () => object);

function instance(source: DefinitionSource): object {
  return typeof source === 'function' ? new (source as new () => object)() : source;
}

/** The aggregate definition of any {@link DefinitionSource}. */
export function aggregateOf<S>(source: DefinitionSource): AggregateDefinition<S> {
  return toAggregateDefinition(instance(source)) as AggregateDefinition<S>;
}

/** The saga definition of any {@link DefinitionSource}. */
export function sagaOf(source: DefinitionSource): SagaDefinition {
  return toSagaDefinition(instance(source));
}
