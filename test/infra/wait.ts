import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Gives up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between two checks (default 20 ms). */
  intervalMs?: number;
  /** What was awaited, for the timeout error. */
  message?: string;
}

/**
 * Polls `condition` until it returns a value other than `false`, `undefined` or `null`, and
 * returns that value. A condition that throws counts as "not yet"; its last error is
 * reported if time runs out. Tests wait for conditions; they never sleep a guessed time.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20, message = 'condition' }: WaitForOptions = {},
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null) {
        return value as Exclude<T, false | null | undefined>;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`waitFor: ${message} not met within ${timeoutMs} ms${reason}`, {
        cause: lastError,
      });
    }
    await sleep(intervalMs);
  }
}

/**
 * A name unique to this call, valid as a Kafka topic, group id or Redis key segment:
 * `prefix-<base36 time>-<random>`. Unique names let suites share one broker in parallel.
 */
export function uniqueName(prefix: string): string {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(prefix)) {
    throw new TypeError(`uniqueName prefix must match [A-Za-z0-9._-]{1,200}: "${prefix}"`);
  }
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
