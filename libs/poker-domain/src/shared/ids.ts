import { PoisonMessageError, rootToString, uuidToBytes } from '@saga-kit/core';

/**
 * Ids live in messages as 16 bytes and in states as UUID strings, so states stay plain JSON and
 * usable as record keys. A malformed id (missing, or not 16 bytes) makes the whole message
 * invalid, never a business rejection: a `PoisonMessageError('invalid_message')`, which a
 * gateway answers with a 400 and a consumer dead-letters without retrying.
 */
export function idOf(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw new PoisonMessageError(
      'invalid_message',
      bytes.length === 0
        ? 'an id is missing: ids are 16 bytes (a UUID)'
        : `an id must be 16 bytes (a UUID), got ${bytes.length}`,
    );
  }
  return rootToString(bytes);
}

/** The 16 bytes of a UUID string id, for messages. */
export function bytesOf(id: string): Uint8Array {
  return uuidToBytes(id);
}
