export { SagaKitRuntime, createRuntime } from './saga-kit-runtime';
export type { RuntimeOptions } from './runtime-options';
export { aggregateHandler, describeByTopic, sagaHandler } from './consumer-handlers';
