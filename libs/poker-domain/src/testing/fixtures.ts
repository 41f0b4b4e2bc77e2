import { isCommandRejectedError } from '@saga-kit/core';
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

/** Message fields without protobuf-es bookkeeping, for readable equality checks. */
export function fieldsOf<M extends { $typeName: string }>(message: M): Omit<M, '$typeName'> {
  const { $typeName: _type, ...fields } = message;
  return fields;
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
