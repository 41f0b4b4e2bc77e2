const POLL_MS = 10;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `condition` holds, checking every few milliseconds; fails after `timeoutMs` with
 * `what` and, if given, the current state from `explain`.
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
  explain?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${explain ? `: ${explain()}` : ''}`,
      );
    }
    await pause(POLL_MS);
  }
}

/**
 * Whether `condition` comes to hold within `ms`. Only for checking that something does *not*
 * happen too early (e.g. `close()` resolving while a handler still runs): a correct adapter
 * makes the test wait the full `ms`, a broken one is caught as soon as it misbehaves.
 */
export async function holdsWithin(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await pause(POLL_MS);
  }
  return true;
}
