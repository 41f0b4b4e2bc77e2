import type { DescMessage } from '@bufbuild/protobuf';
import { SAGA_KIT_METADATA } from './metadata-keys';
import { addMethodMetadata } from './method-metadata';

/** Marks a saga method as the handler of a source event: `(event, ctx) => command(s)`. */
export function OnEvent(event: DescMessage): MethodDecorator {
  return (prototype, method) =>
    addMethodMetadata(SAGA_KIT_METADATA.OnEvent, prototype, method, event);
}
