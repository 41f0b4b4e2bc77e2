import type { AggregateDefinition } from '../../runtime/definition/aggregate-definition';
import type { SagaDefinition } from '../../runtime/definition/saga-definition';

/** A definition and where it came from (a provider's class name, or `options`). */
export interface Discovered<D> {
  readonly definition: D;
  readonly source: string;
}

/** What the explorer found in the application's providers. */
export interface DiscoveredHandlers {
  readonly aggregates: readonly Discovered<AggregateDefinition>[];
  readonly sagas: readonly Discovered<SagaDefinition>[];
}
