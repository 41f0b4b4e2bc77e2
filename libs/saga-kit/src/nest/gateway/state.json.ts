import type { JsonValue, Message } from '@bufbuild/protobuf';
import { rootToString } from '../../messaging/ids';
import type { TypeRegistry } from '../../messaging/type-registry';

const MAX_DEPTH = 32;

/**
 * An aggregate state as JSON for people and tools: 16-byte ids as UUIDs, other bytes as base64,
 * bigints as strings, dates as ISO strings, maps as objects, sets as arrays, protobuf messages
 * in their JSON form. Functions are left out.
 */
export function stateToJson(value: unknown, registry: TypeRegistry, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'object':
      return objectToJson(value, registry, depth);
    case 'function':
    case 'symbol':
    case 'undefined':
      return null;
  }
  return null;
}

function objectToJson(value: object, registry: TypeRegistry, depth: number): JsonValue {
  const next = (v: unknown): JsonValue => stateToJson(v, registry, depth + 1);
  if (value instanceof Uint8Array) {
    return value.length === 16 ? rootToString(value) : Buffer.from(value).toString('base64');
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(next);
  if (value instanceof Set) return [...value].map(next);
  if (value instanceof Map) {
    return Object.fromEntries([...value].map(([k, v]) => [String(k), next(v)]));
  }
  const typeName = (value as { $typeName?: unknown }).$typeName;
  if (typeof typeName === 'string') {
    const schema = registry.schema(typeName);
    if (schema) return registry.toJson(schema, value as Message);
  }
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'function' || v === undefined) continue;
    out[k] = next(v);
  }
  return out;
}
