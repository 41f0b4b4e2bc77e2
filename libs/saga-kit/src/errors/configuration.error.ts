import { SagaKitError } from './saga-kit.error';

/** A programming or configuration mistake found at startup (e.g. two handlers for one type). */
export class ConfigurationError extends SagaKitError {
  constructor(message: string) {
    super('CONFIGURATION', message);
  }
}
