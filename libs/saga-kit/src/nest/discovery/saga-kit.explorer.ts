import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { readAggregateOptions } from '../../decorators/aggregate.decorator';
import { readSagaOptions } from '../../decorators/saga.decorator';
import { ConfigurationError } from '../../errors/configuration.error';
import type { AggregateDefinition } from '../../runtime/definition/aggregate-definition';
import {
  aggregateDefinitionOf,
  sagaDefinitionOf,
} from '../../runtime/definition/definition-of-instance';
import type { SagaDefinition } from '../../runtime/definition/saga-definition';
import type { Discovered, DiscoveredHandlers } from './discovered-handlers';

/**
 * Finds the providers decorated with `@Aggregate` or `@Saga` and builds their definitions with
 * the runtime's builders. Runs once every provider is instantiated (on module init).
 */
@Injectable()
export class SagaKitExplorer {
  constructor(private readonly discovery: DiscoveryService) {}

  explore(): DiscoveredHandlers {
    const aggregates: Discovered<AggregateDefinition>[] = [];
    const sagas: Discovered<SagaDefinition>[] = [];
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null || seen.has(instance)) continue;
      const isAggregate = readAggregateOptions(instance) !== undefined;
      const isSaga = readSagaOptions(instance) !== undefined;
      if (!isAggregate && !isSaga) continue;
      seen.add(instance);
      const source = instance.constructor.name;
      assertSingleton(wrapper, source);
      if (isAggregate && isSaga) {
        throw new ConfigurationError(`${source} is decorated with both @Aggregate and @Saga`);
      }
      if (isAggregate) aggregates.push({ definition: aggregateDefinitionOf(instance), source });
      else sagas.push({ definition: sagaDefinitionOf(instance), source });
    }
    return { aggregates, sagas };
  }
}

// Handlers run outside any request: a request-scoped or transient aggregate has no instance to run.
function assertSingleton(wrapper: InstanceWrapper, source: string): void {
  if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
    throw new ConfigurationError(
      `${source} must be a singleton provider (no request or transient scope) to handle messages`,
    );
  }
}
