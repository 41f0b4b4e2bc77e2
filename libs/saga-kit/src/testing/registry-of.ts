import type { DescFile, DescMessage } from '@bufbuild/protobuf';
import { TypeRegistry } from '../messaging/type-registry';

/** A registry, or the files and schemas to build one from. */
export type RegistryInput = TypeRegistry | readonly (DescFile | DescMessage)[];

/**
 * The registry a spec packs messages with: the one given, or one built from the given files,
 * plus the files (and their imports) of the schemas the definition itself names.
 */
export function registryOf(
  input: RegistryInput | undefined,
  known: readonly DescMessage[],
): TypeRegistry {
  if (input instanceof TypeRegistry) return input;
  const registry = new TypeRegistry(...(input ?? []));
  const seen = new Set<DescFile>();
  const add = (file: DescFile): void => {
    if (seen.has(file)) return;
    seen.add(file);
    registry.register(file);
    file.dependencies.forEach(add);
  };
  known.forEach((schema) => add(schema.file));
  return registry;
}
