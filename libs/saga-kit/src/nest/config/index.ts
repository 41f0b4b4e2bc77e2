export { sagaKitOptionsFromEnv } from './saga-kit-options-from-env';
export type { EnvironmentOptions } from './saga-kit-options-from-env';
