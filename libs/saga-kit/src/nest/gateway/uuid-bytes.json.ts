import { ScalarType, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { isUuid, uuidToBytes } from '../../messaging/ids';

/**
 * Proto JSON writes `bytes` as base64. Ids in this system are 16-byte UUIDs, so the gateway also
 * accepts a UUID string in any `bytes` field (nested and repeated ones too) and turns it into
 * base64 before parsing. Anything else is left for the protobuf parser to judge.
 */
export function acceptUuidBytes(schema: DescMessage, json: JsonValue): JsonValue {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const out: Record<string, JsonValue> = { ...json };
  for (const field of schema.fields) {
    for (const key of new Set([field.jsonName, field.name])) {
      const value = out[key];
      if (value !== undefined) out[key] = convertField(field, value);
    }
  }
  return out;
}

function convertField(field: DescField, value: JsonValue): JsonValue {
  switch (field.fieldKind) {
    case 'scalar':
      return field.scalar === ScalarType.BYTES ? uuidAsBase64(value) : value;
    case 'message':
      return acceptUuidBytes(field.message, value);
    case 'list':
      if (!Array.isArray(value)) return value;
      if (field.listKind === 'message') return value.map((v) => acceptUuidBytes(field.message, v));
      if (field.listKind === 'scalar' && field.scalar === ScalarType.BYTES) {
        return value.map(uuidAsBase64);
      }
      return value;
    case 'map':
    case 'enum':
      return value;
  }
}

function uuidAsBase64(value: JsonValue): JsonValue {
  return typeof value === 'string' && isUuid(value)
    ? Buffer.from(uuidToBytes(value)).toString('base64')
    : value;
}
