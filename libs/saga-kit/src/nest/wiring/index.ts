export { createAdapters } from './create-adapters';
export type { SagaKitAdapters } from './saga-kit-adapters';
