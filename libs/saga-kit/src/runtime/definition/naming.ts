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
