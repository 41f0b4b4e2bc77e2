import type { DescMessage } from '@bufbuild/protobuf';
import { SAGA_KIT_METADATA } from './metadata-keys';
import { addMethodMetadata } from './method-metadata';

/** Marks an aggregate method as the evolver of an event: `(state, event) => state`, pure. */
export function Applies(event: DescMessage): MethodDecorator {
  return (prototype, method) =>
    addMethodMetadata(SAGA_KIT_METADATA.Applies, prototype, method, event);
}
