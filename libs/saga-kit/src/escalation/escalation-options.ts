import { ConfigurationError } from '../errors/configuration.error';
import type { JobQueue } from '../ports/job-queue.port';
import { retryPolicy, type RetryPolicy } from '../runtime/retry/retry-policy';

/** One webhook receiver. */
export interface WebhookEndpoint {
  /** `http:` or `https:` URL the escalation is POSTed to. */
  readonly url: string;
  /** Shared secret of the HMAC-SHA256 signature. */
  readonly secret: string;
  /** Stable name kept in queued jobs, logs and dead letters (default: the URL). */
  readonly name?: string;
}

/** Escalation webhooks: off unless `webhooks` are given. */
export interface EscalationOptions {
  readonly webhooks?: readonly WebhookEndpoint[];
  /** Durable queue of deliveries; required with webhooks (a RedisJobQueue in production). */
  readonly queue?: JobQueue;
  /** Per-attempt timeout, headers and body (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Retries of a delivery (default {@link WEBHOOK_RETRY_POLICY}). */
  readonly retry?: Partial<RetryPolicy>;
  /** Pause between polls of the queue; 0 turns polling off (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Deliveries attempted in parallel per poll (default 10). */
  readonly batchSize?: number;
  /** How long a claimed delivery stays hidden from other workers (default 2 × timeout + 5 s). */
  readonly leaseMs?: number;
  /** The HTTP client (default: Node's global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Jitter source for backoff (default `Math.random`). */
  readonly random?: () => number;
  /** Told about every delivery attempt (metrics, tests); its errors are ignored. */
  readonly onAttempt?: (event: WebhookAttemptEvent) => void;
}

/** One delivery attempt, as told to `onAttempt`. */
export interface WebhookAttemptEvent {
  readonly deliveryId: string;
  readonly webhook: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** `retriable` attempts are retried unless they were the last. */
  readonly outcome: 'delivered' | 'retriable' | 'rejected';
  /** `timeout`, `network_error`, `http_503`, ... */
  readonly reason: string | undefined;
  readonly status: number | undefined;
}

/**
 * Default retries of a webhook delivery: 9 attempts over about 13 minutes (5 s, 10 s, 20 s, ...
 * capped at 5 min, ± 20 %). Deliveries run off the command path, so they can wait far longer
 * than in-place consumer retries.
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 8,
  initialDelayMs: 5_000,
  multiplier: 2,
  maxDelayMs: 300_000,
  jitter: 0.2,
});

/** Default per-attempt timeout of a webhook delivery. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/** Escalation options with defaults applied and endpoints checked. */
export interface ResolvedEscalationOptions {
  readonly endpoints: ReadonlyMap<string, Required<WebhookEndpoint>>;
  readonly queue: JobQueue | undefined;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  readonly leaseMs: number;
  readonly fetch: typeof fetch;
  readonly random: () => number;
  readonly onAttempt: ((event: WebhookAttemptEvent) => void) | undefined;
}

/** Applies defaults; bad URLs, empty secrets, duplicate names or a missing queue fail at startup. */
export function resolveEscalationOptions(
  options: EscalationOptions = {},
): ResolvedEscalationOptions {
  const endpoints = new Map<string, Required<WebhookEndpoint>>();
  for (const endpoint of options.webhooks ?? []) {
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      throw new ConfigurationError(`escalation webhook URL is not a URL: ${endpoint.url}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigurationError(`escalation webhook URL must be http(s): ${endpoint.url}`);
    }
    if (typeof endpoint.secret !== 'string' || endpoint.secret.length === 0) {
      throw new ConfigurationError(`escalation webhook ${endpoint.url} needs a secret`);
    }
    const name = endpoint.name ?? endpoint.url;
    if (endpoints.has(name)) throw new ConfigurationError(`two escalation webhooks named ${name}`);
    endpoints.set(name, { url: endpoint.url, secret: endpoint.secret, name });
  }
  if (endpoints.size > 0 && !options.queue) {
    throw new ConfigurationError(
      'escalation webhooks need a durable queue: pass escalation.queue (RedisJobQueue in production, MemoryJobQueue embedded)',
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  for (const [key, value] of Object.entries({ timeoutMs, batchSize: options.batchSize ?? 10 })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigurationError(`escalation.${key} must be a positive integer, got ${value}`);
    }
  }
  return {
    endpoints,
    queue: options.queue,
    timeoutMs,
    retry: retryPolicy(options.retry, WEBHOOK_RETRY_POLICY),
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    batchSize: options.batchSize ?? 10,
    leaseMs: options.leaseMs ?? timeoutMs * 2 + 5_000,
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    random: options.random ?? Math.random,
    onAttempt: options.onAttempt,
  };
}
