import type { Message } from '@bufbuild/protobuf';
import { isCommandRejectedError, rootToString } from '@saga-kit/core';
import type { PokerContext } from '../shared';

/** Readable fixed ids for specs. */
export const ids = {
  alice: '00000000-0000-4000-8000-0000000000a1',
  bob: '00000000-0000-4000-8000-0000000000b2',
  carol: '00000000-0000-4000-8000-0000000000c3',
  dave: '00000000-0000-4000-8000-0000000000d4',
  table: '00000000-0000-4000-8000-00000000007a',
  otherTable: '00000000-0000-4000-8000-00000000007b',
  hand: '00000000-0000-4000-8000-0000000000a0',
  nextHand: '00000000-0000-4000-8000-0000000000a2',
} as const;

/** The fixed moment specs decide at. */
export const NOW = new Date('2030-01-01T12:00:00.000Z');

/** A decision context at `now`. */
export function contextAt(now: Date = NOW): PokerContext {
  return { now };
}

/** The rejection reason `decide` throws, or a failure naming what happened instead. */
export function rejectionOf(decide: () => unknown): string {
  try {
    const events = decide();
    throw new Error(`expected a rejection, got ${JSON.stringify(events, bigintSafe)}`);
  } catch (e) {
    if (isCommandRejectedError(e)) return e.reason;
    throw e;
  }
}

/** Every `command:reason` pair of a catalog, to check a spec table covers all of them. */
export function catalogPairs(catalog: Readonly<Record<string, readonly string[]>>): string[] {
  return Object.entries(catalog)
    .flatMap(([command, reasons]) => reasons.map((reason) => `${command}:${reason}`))
    .sort();
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * A message as plain data for readable equality checks: its short type name, 16-byte ids as
 * UUID strings, nested messages as objects, and default values (0, '', false, empty) left out
 * as protobuf leaves them out on the wire.
 */
export function plainOf(message: Message): Record<string, unknown> {
  return { type: message.$typeName.slice('poker.v1.'.length), ...plainFields(message) };
}

function plainFields(message: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (key.startsWith('$')) continue;
    const plain = plainValue(value);
    if (plain !== undefined) fields[key] = plain;
  }
  return fields;
}

function plainValue(value: unknown): unknown {
  if (value === 0 || value === '' || value === false || value === undefined) return undefined;
  if (value instanceof Uint8Array) {
    if (value.length === 0) return undefined;
    return value.length === 16 ? rootToString(value) : Buffer.from(value).toString('base64');
  }
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(plainValue);
  if (typeof value === 'object' && value !== null) return plainFields(value);
  return value;
}
