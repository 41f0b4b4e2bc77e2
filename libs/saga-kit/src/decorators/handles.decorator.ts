import type { DescMessage } from '@bufbuild/protobuf';
import { SAGA_KIT_METADATA } from './metadata-keys';
import { addMethodMetadata } from './method-metadata';

/** Marks an aggregate method as the decider of a command: `(command, state, ctx) => event(s)`. */
export function Handles(command: DescMessage): MethodDecorator {
  return (prototype, method) =>
    addMethodMetadata(SAGA_KIT_METADATA.Handles, prototype, method, command);
}
