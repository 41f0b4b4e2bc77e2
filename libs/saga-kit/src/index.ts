/**
 * saga-kit public API. Apps import from here (`@saga-kit/core`) and nowhere deeper.
 * Each section re-exports one folder's barrel.
 */
export * from './errors';
export * from './messaging';
export * from './ports';
export * from './gen/sagakit/v1/envelope_pb';
export * from './gen/sagakit/v1/failure_pb';
export * from './gen/sagakit/v1/dead_letter_pb';
export * from './nest';
export * from './adapters';
export * from './decorators';
export * from './runtime';
// The decorator and the marker message share a name; this export carries both meanings.
export { Compensate } from './decorators';
export * from './dlq';
export * from './escalation';
