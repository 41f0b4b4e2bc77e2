export {
  AggregateDefinitionBuilder,
  defineAggregate,
  isAggregateDefinition,
  rejectionKey,
} from './aggregate-definition';
export type {
  AggregateDefinition,
  CommandHandlerDefinition,
  CompensatorDefinition,
  DefineAggregateOptions,
  EvolverDefinition,
  RejectionHandlerDefinition,
} from './aggregate-definition';
export { SagaDefinitionBuilder, defineSaga, isSagaDefinition } from './saga-definition';
export type {
  DefineSagaOptions,
  SagaDefinition,
  SagaEventHandlerDefinition,
} from './saga-definition';
export {
  aggregateDefinitionOf,
  sagaDefinitionOf,
  toAggregateDefinition,
  toSagaDefinition,
} from './definition-of-instance';
export { jsonStateCodec } from './state-codec';
export type { StateCodec } from './state-codec';
export type {
  CompensationOutcome,
  Decision,
  DecisionContext,
  RejectionContext,
  RejectionOutcome,
  SagaCommand,
  SagaCommandOptions,
  SagaContext,
  SagaReaction,
} from './handler-types';
