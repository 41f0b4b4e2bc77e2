import { SAGA_KIT_METADATA } from './metadata-keys';
import { addMethodMetadata } from './method-metadata';

/** Which rejected command a `@Rejected` handler answers. */
export interface RejectedOptions {
  /** Domain of the aggregate that rejected the command (e.g. `table`). */
  domain: string;
  /** Short type name of the rejected command (e.g. `DeductFromPlayerStack`). */
  command: string;
}

/**
 * Marks an aggregate method as the handler of rejections of `command` by `domain`:
 * `(rejection, state) => event(s) | null | delegateToFramework(...)`.
 */
export function Rejected(options: RejectedOptions): MethodDecorator {
  return (prototype, method) =>
    addMethodMetadata(SAGA_KIT_METADATA.Rejected, prototype, method, { ...options });
}
