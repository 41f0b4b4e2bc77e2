/** Throws a TypeError unless `value` is a safe integer of at least `min`. */
export function assertInteger(value: unknown, name: string, min: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Drops keys whose value is `undefined`, so they do not override defaults. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
