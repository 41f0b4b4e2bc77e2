import { rootToString, uuidToBytes } from '@saga-kit/core';

/**
 * Ids live in messages as 16 bytes and in states as UUID strings, so states stay plain JSON and
 * usable as record keys. A malformed id is a caller's bug, so it throws a TypeError, not a
 * business rejection.
 */
export function idOf(bytes: Uint8Array): string {
  return rootToString(bytes);
}

/** The 16 bytes of a UUID string id, for messages. */
export function bytesOf(id: string): Uint8Array {
  return uuidToBytes(id);
}
