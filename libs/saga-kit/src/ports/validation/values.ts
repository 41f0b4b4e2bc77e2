/** Checks of the plain values the ports take: ids, counts, times. Each throws a TypeError naming `what`. */

// With the `u` flag a surrogate pair reads as one code point, so only lone surrogates match.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Rejects a string UTF-8 cannot carry losslessly: a lone UTF-16 surrogate would silently become
 * U+FFFD on the wire or in a Redis key and collide with another id.
 */
export function assertWellFormed(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(`${what} contains a lone UTF-16 surrogate, which UTF-8 cannot carry`);
  }
}

/** Checks an identifier (stream root, dedup key, correlation id, job id...): non-empty, lossless in UTF-8. */
export function assertId(value: unknown, what: string): asserts value is string {
  assertNonEmptyString(value, what);
  assertWellFormed(value, what);
}

/** Throws a TypeError naming `what` unless `value` is a non-empty string. */
export function assertNonEmptyString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string`);
  }
}

export function assertPositiveInteger(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${what} must be a positive integer, got ${String(value)}`);
  }
}

/** Checks a time: an Invalid Date would make a job unclaimable for ever, an entry unsortable. */
export function assertValidDate(value: unknown, what: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${what} must be a valid Date`);
  }
}
