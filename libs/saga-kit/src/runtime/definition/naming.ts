import type { DescMessage } from '@bufbuild/protobuf';
import { ConfigurationError } from '../../errors/configuration.error';

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Domains and saga names become parts of topic and group names: lowercase letters, digits, `-`. */
export function assertName(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new ConfigurationError(
      `invalid ${what} ${JSON.stringify(value)}: use lowercase letters, digits and -`,
    );
  }
}

/** Throws when `key` is taken, naming both handlers. */
export function assertUnclaimed(
  claimed: ReadonlyMap<string, { readonly name: string }>,
  key: string,
  handler: string,
  what: string,
): void {
  const existing = claimed.get(key);
  if (existing) {
    throw new ConfigurationError(
      `two handlers for ${what} ${key}: ${existing.name} and ${handler}; keep one`,
    );
  }
}

/**
 * Throws unless `schema` is a generated message descriptor (a `...Schema` export). An import
 * cycle leaves a decorator's schema `undefined`; this names the handler instead of crashing.
 */
export function assertMessageSchema(
  schema: unknown,
  handler: string,
): asserts schema is DescMessage {
  const desc = schema as { kind?: unknown; typeName?: unknown } | null | undefined;
  if (
    typeof desc !== 'object' ||
    desc === null ||
    desc.kind !== 'message' ||
    typeof desc.typeName !== 'string'
  ) {
    throw new ConfigurationError(
      `${handler} needs a generated message schema (a ...Schema export), got ${String(schema)}`,
    );
  }
}
