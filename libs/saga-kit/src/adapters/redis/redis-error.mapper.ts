import { TransientError } from '../../errors/transient.error';

/** Socket error codes that mean "Redis is unreachable right now". */
const CONNECTIVITY_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/** Error names ioredis gives to connection-level failures. */
const CONNECTIVITY_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

/**
 * Server replies that a later attempt may not get: the dataset is loading, a script or
 * failover is in progress, the cluster is reconfiguring, memory or persistence is exhausted.
 */
const TRANSIENT_REPLY =
  /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|NOREPLICAS|OOM|MISCONF)\b/;

/** Messages ioredis uses when it has no usable connection. */
const CONNECTIVITY_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'Command timed out',
  'Failed to refresh slots cache',
  'Too many Cluster redirections',
  "Cluster isn't ready",
  'None of startup nodes is available',
];

/** True when `error` says Redis is unavailable or busy, not that the request was wrong. */
export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && CONNECTIVITY_CODES.has(code)) return true;
  if (CONNECTIVITY_NAMES.has(error.name)) return true;
  if (TRANSIENT_REPLY.test(error.message)) return true;
  return CONNECTIVITY_MESSAGES.some((m) => error.message.includes(m));
}

/**
 * Runs one Redis operation, turning unavailability into a retriable `TransientError` (with the
 * original as `cause`). Anything else, such as a script error, means a bug and is rethrown as is.
 */
export async function withRedisErrors<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTransientRedisError(error)) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TransientError(`redis ${operation} failed: ${message}`, error);
    }
    throw error;
  }
}
