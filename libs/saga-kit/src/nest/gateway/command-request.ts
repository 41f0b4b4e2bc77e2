import { BadRequestException } from '@nestjs/common';
import { fromJson, type DescMessage, type JsonValue, type Message } from '@bufbuild/protobuf';
import { isUuid } from '../../messaging/ids';
import { shortTypeName, type TypeRegistry } from '../../messaging/type-registry';
import type { AggregateDefinition } from '../../runtime/definition/aggregate-definition';
import { MAX_ID_LENGTH } from '../logging/correlation-id';
import { acceptUuidBytes } from './uuid-bytes.json';

/** The body of `POST /commands`. */
export interface CommandRequestBody {
  domain: string;
  /** Target aggregate root, a UUID. */
  root: string;
  /** Full (`poker.v1.PlaceBet`) or short (`PlaceBet`) command type name. */
  type: string;
  /** The command in protobuf JSON; `bytes` fields also take UUID strings. */
  command?: JsonValue;
  correlationId?: string;
  /** Idempotency key: a retried request must reuse it. */
  commandId?: string;
  /** Accept only if the stream's next sequence is this one. */
  expectedSequence?: number;
}

/** A validated `POST /commands` request. */
export interface CommandRequest {
  domain: string;
  root: string;
  schema: DescMessage;
  command: Message;
  correlationId?: string;
  commandId?: string;
  expectedSequence?: number;
}

/** What the parser needs to know about the service. */
export interface CommandRequestContext {
  registry: TypeRegistry;
  /** The hosted aggregate of a domain, if any. */
  aggregate(domain: string): AggregateDefinition | undefined;
  domains: readonly string[];
}

/** Validates a `POST /commands` body; every problem is a 400 that says what to fix. */
export function parseCommandRequest(body: unknown, ctx: CommandRequestContext): CommandRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('the body must be a JSON object: { domain, root, type, command }');
  }
  const b = body as Record<string, unknown>;
  const domain = requiredString(b, 'domain');
  const root = requiredString(b, 'root');
  const type = requiredString(b, 'type');
  const definition = ctx.aggregate(domain);
  if (!definition) {
    throw bad(`unknown domain "${domain}": this service hosts ${list(ctx.domains)}`);
  }
  if (!isUuid(root)) throw bad(`root must be a UUID, got ${JSON.stringify(root)}`);
  const schema = resolveCommandType(type, definition, ctx.registry);
  const json = b.command ?? {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw bad(`command must be a JSON object (the ${schema.typeName} fields)`);
  }
  let command: Message;
  try {
    command = fromJson(schema, acceptUuidBytes(schema, json as JsonValue), {
      registry: ctx.registry.protobufRegistry,
    });
  } catch (error) {
    throw bad(
      `invalid ${schema.typeName}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const expectedSequence = b.expectedSequence;
  if (
    expectedSequence !== undefined &&
    (typeof expectedSequence !== 'number' ||
      !Number.isSafeInteger(expectedSequence) ||
      expectedSequence < 0)
  ) {
    throw bad('expectedSequence must be a non-negative integer');
  }
  const correlationId = optionalId(b, 'correlationId');
  const commandId = optionalId(b, 'commandId');
  return {
    domain,
    root: root.toLowerCase(),
    schema,
    command,
    ...(correlationId ? { correlationId } : {}),
    ...(commandId ? { commandId } : {}),
    ...(expectedSequence !== undefined ? { expectedSequence } : {}),
  };
}

/** The schema of a full or short command type name that `definition` handles. */
export function resolveCommandType(
  type: string,
  definition: AggregateDefinition,
  registry: TypeRegistry,
): DescMessage {
  const handled = [...definition.commands.values()].map((h) => h.schema);
  const names = handled.map((s) => shortTypeName(s.typeName));
  if (type.includes('.') || type.includes('/')) {
    const schema = registry.schema(type);
    if (!schema) throw bad(`unknown command type "${type}"`);
    if (!definition.commands.has(schema.typeName)) {
      throw bad(
        `domain ${definition.domain} does not handle ${schema.typeName}; it handles ${list(names)}`,
      );
    }
    return schema;
  }
  const schema = handled.find((s) => shortTypeName(s.typeName) === type);
  if (!schema) {
    throw bad(`domain ${definition.domain} has no command "${type}"; it handles ${list(names)}`);
  }
  return schema;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw bad(`${field} is required and must be a non-empty string`);
  }
  return value.trim();
}

function optionalId(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ID_LENGTH) {
    throw bad(`${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  return value.trim();
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'nothing' : values.join(', ');
}

function bad(message: string): BadRequestException {
  return new BadRequestException(message);
}
