import { AssertionError, deepStrictEqual } from 'node:assert';
import type { Message } from '@bufbuild/protobuf';

/**
 * A message as plain, comparable data: `$typeName` kept, bytes as hex, bigints as strings.
 * Messages made with `create()` and messages decoded from bytes normalise the same way.
 */
export function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, plain(v)]),
    );
  }
  return value;
}

/** Readable JSON of messages, for assertion messages. */
export function render(value: unknown): string {
  return JSON.stringify(plain(value), null, 2);
}

/** Throws an `AssertionError` (with both sides rendered) unless the message lists are equal. */
export function assertMessages(
  actual: readonly Message[],
  expected: readonly Message[],
  what: string,
): void {
  try {
    deepStrictEqual(plain(actual), plain(expected));
  } catch {
    throw new AssertionError({
      message: `${what}\nexpected: ${render(expected)}\nactual:   ${render(actual)}`,
      actual: plain(actual),
      expected: plain(expected),
    });
  }
}

/** Throws an `AssertionError` with `message`. */
export function fail(message: string): never {
  throw new AssertionError({ message });
}
