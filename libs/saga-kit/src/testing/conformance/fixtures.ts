import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';

/** Names unique to one run of a suite, so tests on a shared broker or Redis never meet. */
export function uniqueNames(suite: string): (label: string) => string {
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  return (label) => `conformance.${suite}.${run}.${label}.${++counter}`;
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

export const text = (value: Uint8Array): string => new TextDecoder().decode(value);

/** Escapes a literal for use inside a RegExp. */
export const escapeRegExp = (literal: string): string =>
  literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The item at `index`, or a clear failure when the list is shorter. */
export function itemAt<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined)
    throw new Error(`expected an item at index ${index}, the list has ${list.length}`);
  return item;
}

/**
 * Asserts that `action` is refused with a TypeError whose message matches `message` (naming the
 * bad argument), whether it throws at once or rejects.
 */
export async function expectTypeError(
  action: () => Promise<unknown>,
  message: RegExp,
): Promise<void> {
  let error: unknown;
  try {
    await action();
  } catch (e: unknown) {
    error = e;
  }
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).message).toMatch(message);
}
