export { SagaKitExplorer } from './saga-kit.explorer';
export { assertNoHandlerConflicts } from './handler-conflicts';
export type { Discovered, DiscoveredHandlers } from './discovered-handlers';
