import { createHash, randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new random aggregate root (16-byte UUID v4). */
export function newRoot(): Uint8Array {
  return uuidToBytes(randomUUID());
}

/** Canonical string form of a 16-byte root; throws TypeError on another length. */
export function rootToString(root: Uint8Array): string {
  if (root.length !== 16)
    throw new TypeError(`aggregate root must be 16 bytes, got ${root.length}`);
  const hex = Buffer.from(root).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Parses a UUID string into 16 bytes; throws TypeError when it is not a UUID. */
export function uuidToBytes(uuid: string): Uint8Array {
  if (!UUID_PATTERN.test(uuid)) throw new TypeError(`not a UUID: ${JSON.stringify(uuid)}`);
  return new Uint8Array(Buffer.from(uuid.replace(/-/g, ''), 'hex'));
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * A UUID derived from its parts (name-based, SHA-1, version 5 layout): the same parts always
 * give the same id, so a redelivered event re-issues the same command id and is deduplicated.
 */
export function deterministicId(...parts: (string | number)[]): string {
  const hash = createHash('sha1').update(parts.map(String).join('\u001f')).digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return rootToString(b);
}

/** A new random message id. */
export function newId(): string {
  return randomUUID();
}
