import type { DescMessage, JsonValue } from '@bufbuild/protobuf';
import { DeadLetterSchema, type DeadLetter } from '../gen/sagakit/v1/dead_letter_pb';
import {
  CommandBookSchema,
  EventBookSchema,
  NotificationSchema,
} from '../gen/sagakit/v1/envelope_pb';
import { Headers, MessageKinds } from '../messaging/headers';
import { decode, type TypeRegistry } from '../messaging/type-registry';

/** What replaces a masked value. */
export const MASKED = '***';

/** The envelope schema a transport message of each `kind` carries. */
const ENVELOPES: Record<string, DescMessage> = {
  [MessageKinds.Command]: CommandBookSchema,
  [MessageKinds.Events]: EventBookSchema,
  [MessageKinds.Notification]: NotificationSchema,
  [MessageKinds.DeadLetter]: DeadLetterSchema,
};

/**
 * Decodes a transport message's bytes to JSON: by its `kind` header (an envelope, whose `Any`
 * fields resolve through the registry), else by its `message-type` header, else base64.
 */
export function messageToJson(
  value: Uint8Array,
  headers: Record<string, string>,
  registry: TypeRegistry,
): JsonValue {
  const kind = headers[Headers.Kind] ?? '';
  const schema = ENVELOPES[kind] ?? registry.schema(headers[Headers.MessageType] ?? '');
  if (schema) {
    try {
      return safeToJson(schema, decode(schema, value), registry);
    } catch (error) {
      return undecoded(value, error);
    }
  }
  return undecoded(value, `no schema for kind ${JSON.stringify(kind)}`);
}

/**
 * A dead letter as JSON. Its payload's `Any` fields resolve through the registry; raw bytes
 * are decoded by the original message's headers when they can be; a type the registry lacks
 * renders as base64 rather than failing.
 */
export function deadLetterToJson(letter: DeadLetter, registry: TypeRegistry): JsonValue {
  const json = safeToJson(DeadLetterSchema, letter, registry) as Record<string, JsonValue>;
  if (letter.payload.case === 'raw') {
    json.raw = messageToJson(letter.payload.value, letter.original?.headers ?? {}, registry);
  }
  return json;
}

/** Replaces the value of every property named in `fields`, at any depth, with {@link MASKED}. */
export function maskFields(value: JsonValue, fields: ReadonlySet<string>): JsonValue {
  if (fields.size === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskFields(v, fields));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, fields.has(k) ? MASKED : maskFields(v, fields)]),
  );
}

function safeToJson(schema: DescMessage, message: unknown, registry: TypeRegistry): JsonValue {
  try {
    return registry.toJson(schema, message as never);
  } catch {
    // An `Any` of a type the registry lacks: render each such field on its own.
    return anyFieldsByHand(message, registry);
  }
}

/** Walks a message, rendering `Any` values with `anyToJson` (base64 for unknown types). */
function anyFieldsByHand(value: unknown, registry: TypeRegistry): JsonValue {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => anyFieldsByHand(v, registry));
  if (typeof value !== 'object') return value as JsonValue;
  const record = value as Record<string, unknown>;
  if (record.$typeName === 'google.protobuf.Any') {
    const any = record as { typeUrl: string; value: Uint8Array; $typeName: 'google.protobuf.Any' };
    try {
      return registry.anyToJson(any);
    } catch {
      return { '@type': any.typeUrl, value: Buffer.from(any.value).toString('base64') };
    }
  }
  if (record.$typeName === 'google.protobuf.Timestamp') {
    const t = record as { seconds: bigint; nanos: number };
    return new Date(Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6)).toISOString();
  }
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k === '$typeName' || v === undefined) continue;
    // A oneof: `{ case, value }` renders as its case's field.
    if (isOneof(v)) {
      if (v.case !== undefined) out[v.case] = anyFieldsByHand(v.value, registry);
      continue;
    }
    out[k] = anyFieldsByHand(v, registry);
  }
  return out;
}

function isOneof(v: unknown): v is { case: string | undefined; value: unknown } {
  return typeof v === 'object' && v !== null && 'case' in v && !('$typeName' in v);
}

function undecoded(value: Uint8Array, why: unknown): JsonValue {
  const reason = why instanceof Error ? why.message : String(why);
  return { undecoded: reason, base64: Buffer.from(value).toString('base64') };
}
