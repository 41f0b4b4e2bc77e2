const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 hash (the Java client's and kafkajs' default partitioner), so a key lands on
 * the same partition number in memory as on a Kafka topic with the same partition count.
 */
export function murmur2(data: Uint8Array): number {
  const byte = (i: number): number => data[i] ?? 0;
  const length = data.length;
  let h = SEED ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length % 4;
  if (rest === 3) h ^= byte(whole + 2) << 16;
  if (rest >= 2) h ^= byte(whole + 1) << 8;
  if (rest >= 1) h = Math.imul(h ^ byte(whole), M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a key: stable for a given key and partition count. */
export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(Buffer.from(key, 'utf8')) & 0x7fffffff) % partitions;
}
