import { create } from '@bufbuild/protobuf';
import { anyPack, anyUnpack, StringValueSchema, type Any } from '@bufbuild/protobuf/wkt';

/** Turns an aggregate state into an `Any` for snapshots and back. */
export interface StateCodec<S> {
  encode(state: S): Any;
  /** Throws when the `Any` is not a state it can read; the runtime then ignores the snapshot. */
  decode(any: Any): S;
}

const TAG = '$sk';

/**
 * The default snapshot codec: the state as JSON in a `google.protobuf.StringValue`. Besides JSON
 * values it keeps `Uint8Array`, `bigint`, `Date`, `Map` and `Set` (tagged objects), so typical
 * aggregate states round-trip. States holding class instances or functions need their own codec.
 * `version` is stored with the state: a snapshot of another version is ignored (full replay).
 */
export function jsonStateCodec<S>(version = 1): StateCodec<S> {
  return {
    encode(state) {
      const json = JSON.stringify({ v: version, s: state }, replacer);
      return anyPack(StringValueSchema, create(StringValueSchema, { value: json }));
    },
    decode(any) {
      const text = anyUnpack(any, StringValueSchema);
      if (!text) throw new TypeError(`not a JSON state snapshot: ${any.typeUrl}`);
      const parsed = JSON.parse(text.value, reviver) as { v?: unknown; s?: unknown };
      if (parsed.v !== version) {
        throw new TypeError(`snapshot state version ${String(parsed.v)} is not ${version}`);
      }
      return parsed.s as S;
    },
  };
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify calls toJSON first (Dates become strings), so read the raw holder value.
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Uint8Array) return { [TAG]: 'bytes', v: Buffer.from(raw).toString('base64') };
  if (typeof raw === 'bigint') return { [TAG]: 'bigint', v: raw.toString() };
  if (raw instanceof Date) return { [TAG]: 'date', v: raw.toISOString() };
  if (raw instanceof Map) return { [TAG]: 'map', v: [...raw.entries()] };
  if (raw instanceof Set) return { [TAG]: 'set', v: [...raw.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !(TAG in value)) return value;
  const tagged = value as { [TAG]: string; v: unknown };
  switch (tagged[TAG]) {
    case 'bytes':
      return new Uint8Array(Buffer.from(String(tagged.v), 'base64'));
    case 'bigint':
      return BigInt(String(tagged.v));
    case 'date':
      return new Date(String(tagged.v));
    case 'map':
      return new Map(tagged.v as [unknown, unknown][]);
    case 'set':
      return new Set(tagged.v as unknown[]);
    default:
      return value;
  }
}
