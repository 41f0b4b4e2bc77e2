import { releaseInfra, takeInfraState } from './infra-state';

/** Jest global teardown: stops what the global setup started. */
export default async function globalTeardown(): Promise<void> {
  const state = takeInfraState();
  if (state) await releaseInfra(state);
}
