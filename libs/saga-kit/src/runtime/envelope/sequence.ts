/**
 * Stream sequences are plain numbers in the ports and in handler code. The generated messages
 * hold 64-bit fields as `bigint`; these two functions are the only crossing between the two.
 */
export function toSequence(value: bigint | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`sequence out of range: ${String(value)}`);
  }
  return n;
}

/** A sequence as a 64-bit protobuf field value. */
export function toWireSequence(value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`sequence out of range: ${value}`);
  }
  return BigInt(value);
}
