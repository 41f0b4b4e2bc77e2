import type { Message } from '@bufbuild/protobuf';
import { anyPack, type Any } from '@bufbuild/protobuf/wkt';
import { ConfigurationError } from '../../errors/configuration.error';
import type { TypeRegistry } from '../../messaging/type-registry';

/**
 * Packs a message made with `create()` into an `Any`, finding its schema by `$typeName`. A type
 * missing from the registry is a configuration mistake: register the file that declares it.
 */
export function packMessage(registry: TypeRegistry, message: Message): Any {
  const schema = registry.schema(message.$typeName);
  if (!schema) {
    throw new ConfigurationError(
      `message type ${message.$typeName} is not registered: add its file to the type registry`,
    );
  }
  return anyPack(schema, message);
}

/** Whether a value is a protobuf-es message (made with `create()`). */
export function isProtoMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $typeName?: unknown }).$typeName === 'string'
  );
}
