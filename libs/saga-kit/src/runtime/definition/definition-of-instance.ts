import type { DescMessage } from '@bufbuild/protobuf';
import { readAggregateOptions } from '../../decorators/aggregate.decorator';
import { SAGA_KIT_METADATA } from '../../decorators/metadata-keys';
import { readMethodMetadata } from '../../decorators/method-metadata';
import type { RejectedOptions } from '../../decorators/rejected.decorator';
import { readSagaOptions } from '../../decorators/saga.decorator';
import { ConfigurationError } from '../../errors/configuration.error';
import {
  defineAggregate,
  isAggregateDefinition,
  type AggregateDefinition,
} from './aggregate-definition';
import { defineSaga, isSagaDefinition, type SagaDefinition } from './saga-definition';
import type { StateCodec } from './state-codec';

type Method = (...args: never[]) => unknown;

/**
 * Builds the definition of an `@Aggregate` instance from its decorated methods. The instance
 * must have `initialState()`; it may have a `stateCodec` property for snapshots.
 */
export function aggregateDefinitionOf<S = unknown>(instance: object): AggregateDefinition<S> {
  const className = instance.constructor.name;
  const options = readAggregateOptions(instance);
  if (!options) throw new ConfigurationError(`${className} is not decorated with @Aggregate`);
  const initialState = boundMethod(instance, 'initialState', className);
  const codec = (instance as { stateCodec?: unknown }).stateCodec;
  if (codec !== undefined && !isStateCodec(codec)) {
    throw new ConfigurationError(`${className}.stateCodec must have encode() and decode()`);
  }
  const builder = defineAggregate<S>({
    name: className,
    domain: options.domain,
    snapshotEvery: options.snapshotEvery,
    initialState: initialState as () => S,
    stateCodec: codec as StateCodec<S> | undefined,
  });
  for (const { method, value } of readMethodMetadata<DescMessage>(
    SAGA_KIT_METADATA.Handles,
    instance,
  )) {
    builder.handles(value, boundMethod(instance, method, className), `${className}.${method}`);
  }
  for (const { method, value } of readMethodMetadata<DescMessage>(
    SAGA_KIT_METADATA.Applies,
    instance,
  )) {
    builder.applies(value, boundMethod(instance, method, className), `${className}.${method}`);
  }
  for (const { method, value } of readMethodMetadata<RejectedOptions>(
    SAGA_KIT_METADATA.Rejected,
    instance,
  )) {
    builder.rejected(value, boundMethod(instance, method, className), `${className}.${method}`);
  }
  for (const { method, value } of readMethodMetadata<string>(
    SAGA_KIT_METADATA.Compensate,
    instance,
  )) {
    builder.compensate(value, boundMethod(instance, method, className), `${className}.${method}`);
  }
  return builder.build();
}

/** Builds the definition of a `@Saga` instance from its `@OnEvent` methods. */
export function sagaDefinitionOf(instance: object): SagaDefinition {
  const className = instance.constructor.name;
  const options = readSagaOptions(instance);
  if (!options) throw new ConfigurationError(`${className} is not decorated with @Saga`);
  const builder = defineSaga({ ...options, className });
  for (const { method, value } of readMethodMetadata<DescMessage>(
    SAGA_KIT_METADATA.OnEvent,
    instance,
  )) {
    builder.on(value, boundMethod(instance, method, className), `${className}.${method}`);
  }
  return builder.build();
}

/** A definition as is, or the definition of a decorated `@Aggregate` instance. */
export function toAggregateDefinition(source: object): AggregateDefinition {
  return isAggregateDefinition(source) ? source : aggregateDefinitionOf(source);
}

/** A definition as is, or the definition of a decorated `@Saga` instance. */
export function toSagaDefinition(source: object): SagaDefinition {
  return isSagaDefinition(source) ? source : sagaDefinitionOf(source);
}

// The builders' typed signatures are erased here: decorated methods are checked by name only.
function boundMethod<F>(instance: object, method: string, className: string): F {
  const fn = (instance as Record<string, unknown>)[method];
  if (typeof fn !== 'function') {
    throw new ConfigurationError(`${className}.${method} is not a method`);
  }
  return (fn as Method).bind(instance) as F;
}

function isStateCodec(value: unknown): value is StateCodec<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { encode?: unknown }).encode === 'function' &&
    typeof (value as { decode?: unknown }).decode === 'function'
  );
}
