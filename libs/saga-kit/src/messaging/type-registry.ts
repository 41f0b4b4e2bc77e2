import {
  createMutableRegistry,
  fromBinary,
  toBinary,
  toJson,
  type DescFile,
  type DescMessage,
  type JsonValue,
  type Message,
  type MessageShape,
  type MutableRegistry,
  type Registry,
} from '@bufbuild/protobuf';
import { anyPack, type Any } from '@bufbuild/protobuf/wkt';
import { PoisonMessageError } from '../errors/poison-message.error';
import { UnknownMessageTypeError } from '../errors/unknown-message-type.error';
import { file_sagakit_v1_dead_letter } from '../gen/sagakit/v1/dead_letter_pb';
import { file_sagakit_v1_envelope } from '../gen/sagakit/v1/envelope_pb';
import { file_sagakit_v1_failure } from '../gen/sagakit/v1/failure_pb';

/** Prefix of every type URL saga-kit writes; the part after the last `/` is the full type name. */
export const TYPE_URL_PREFIX = 'type.googleapis.com/';

/** Returns the fully qualified type name of an `Any`'s type URL. */
export function typeNameOf(typeUrl: string): string {
  const slash = typeUrl.lastIndexOf('/');
  return slash === -1 ? typeUrl : typeUrl.slice(slash + 1);
}

/** The short name of a type (`poker.v1.BetPlaced` → `BetPlaced`), used in handler keys and tools. */
export function shortTypeName(typeNameOrUrl: string): string {
  const name = typeNameOf(typeNameOrUrl);
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}

/** Packs and unpacks every `Any` by type URL; one registry per process holds framework and domain types. */
export class TypeRegistry {
  private readonly registry: MutableRegistry;

  constructor(...inputs: (DescFile | DescMessage)[]) {
    this.registry = createMutableRegistry(
      file_sagakit_v1_envelope,
      file_sagakit_v1_failure,
      file_sagakit_v1_dead_letter,
    );
    this.register(...inputs);
  }

  /** Adds schemas (or whole files) to the registry; registering a type twice is harmless. */
  register(...inputs: (DescFile | DescMessage)[]): this {
    for (const input of inputs) {
      if (input.kind === 'file') {
        for (const message of collectMessages(input.messages)) this.registry.add(message);
      } else {
        this.registry.add(input);
      }
    }
    return this;
  }

  /** The underlying protobuf-es registry, for JSON conversion of messages with `Any` fields. */
  get protobufRegistry(): Registry {
    return this.registry;
  }

  typeUrl(schema: DescMessage): string {
    return TYPE_URL_PREFIX + schema.typeName;
  }

  pack<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Any {
    return anyPack(schema, message);
  }

  /** The schema registered for a type name or type URL, if any. */
  schema(typeNameOrUrl: string): DescMessage | undefined {
    return this.registry.getMessage(typeNameOf(typeNameOrUrl));
  }

  /** Decodes an `Any`; unknown types and undecodable bytes are poison (never retried). */
  unpack(any: Any): Message {
    const schema = this.schema(any.typeUrl);
    if (!schema) throw new UnknownMessageTypeError(any.typeUrl);
    return decode(schema, any.value, `payload of ${any.typeUrl}`);
  }

  /** Decodes an `Any` that must hold `schema`. */
  unpackAs<Desc extends DescMessage>(any: Any, schema: Desc): MessageShape<Desc> {
    if (typeNameOf(any.typeUrl) !== schema.typeName) {
      throw new PoisonMessageError(
        'invalid_message',
        `expected ${schema.typeName}, got ${JSON.stringify(any.typeUrl)}`,
      );
    }
    return decode(schema, any.value, schema.typeName);
  }

  /** JSON of an `Any`'s content, with `@type`; unknown types render their base64 bytes. */
  anyToJson(any: Any): JsonValue {
    const schema = this.schema(any.typeUrl);
    if (!schema) return { '@type': any.typeUrl, value: Buffer.from(any.value).toString('base64') };
    const json = toJson(schema, this.unpack(any), { registry: this.registry });
    return { '@type': any.typeUrl, ...(json as Record<string, JsonValue>) };
  }

  /** JSON of any registered message, resolving nested `Any` fields through this registry. */
  toJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonValue {
    return toJson(schema, message, { registry: this.registry });
  }
}

/** Decodes bytes as `schema`, turning a decoding failure into a poison-message error. */
export function decode<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
  what: string = schema.typeName,
): MessageShape<Desc> {
  try {
    return fromBinary(schema, bytes);
  } catch (e) {
    throw new PoisonMessageError(
      'undecodable',
      `cannot decode ${what}: ${e instanceof Error ? e.message : String(e)}`,
      e,
    );
  }
}

/** Encodes a message to its protobuf bytes. */
export function encode<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): Uint8Array {
  return toBinary(schema, message);
}

function collectMessages(messages: readonly DescMessage[]): DescMessage[] {
  return messages.flatMap((m) => [m, ...collectMessages(m.nestedMessages)]);
}
