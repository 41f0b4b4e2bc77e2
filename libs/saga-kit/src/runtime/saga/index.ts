export { NO_TIMER_QUEUE, SagaRunner } from './saga-runner';
export type { SagaDeps, SagaStep } from './saga-runner';
export { NEVER_ABORTED } from './saga-chain-guard';
export type { SagaChainGuard } from './saga-chain-guard';
export { createSagaContext, sagaCommandsOf } from './saga-context';
export type { SagaContextScope } from './saga-context';
export { sagaCommandId, stampSagaCommands } from './stamp-commands';
export type { SagaTrigger } from './stamp-commands';
