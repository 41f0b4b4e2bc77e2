/** saga-kit testing helpers (`@saga-kit/core/testing`): specs for deciders, sagas and rejection handlers, and an in-memory harness. */
export { deciderSpec, SPEC_CONTEXT } from './decider-spec';
export type { DeciderThen, DeciderWhen } from './decider-spec';
export { sagaSpec } from './saga-spec';
export type { ExpectedSagaCommand, SagaSpecOptions, SagaSpecSource, SagaThen } from './saga-spec';
export { rejectionSpec } from './rejection-spec';
export type { ExpectedRejectionOutcome, RejectionThen, SpecRejection } from './rejection-spec';
export { createHarness } from './harness';
export type { Harness, HarnessCommand, HarnessOptions } from './harness';
export { assertMessages, plain, render } from './message-assertions';
export type { DefinitionSource } from './definition-source';
export type { RegistryInput } from './registry-of';
export * from './conformance';
