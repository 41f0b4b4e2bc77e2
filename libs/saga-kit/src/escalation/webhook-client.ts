import { SagaKitError } from '../errors/saga-kit.error';
import { WebhookHeaders } from './webhook-headers';
import { signWebhook } from './webhook-signature';

/** One delivery attempt to make. */
export interface WebhookRequest {
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  readonly deliveryId: string;
  readonly eventType: string;
  /** Signing time. */
  readonly at: Date;
}

/** What one attempt achieved. */
export type WebhookAttempt =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'retriable';
      readonly reason: string;
      readonly status?: number;
      readonly retryAfterMs?: number;
      readonly error?: unknown;
    }
  | { readonly kind: 'rejected'; readonly reason: string; readonly status: number };

/** A webhook delivery that failed, as carried in dead letters and logs. */
export class WebhookDeliveryError extends SagaKitError {
  constructor(
    message: string,
    readonly status: number | undefined,
    retriable: boolean,
    cause?: unknown,
  ) {
    super('WEBHOOK_DELIVERY', message, { retriable, cause });
  }
}

/**
 * POSTs one signed attempt with Node's `fetch`, aborted after `timeoutMs` (or when `stop`
 * aborts). 2xx is delivered; network errors, timeouts, 408, 429 and 5xx are worth retrying (a
 * `Retry-After` is passed on); any other status (4xx, redirects) is final. Never throws.
 */
export async function attemptWebhook(
  request: WebhookRequest,
  options: { timeoutMs: number; fetch: typeof fetch; stop?: AbortSignal },
): Promise<WebhookAttempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onStop = (): void => controller.abort();
  options.stop?.addEventListener('abort', onStop);
  try {
    const response = await options.fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: controller.signal,
      body: request.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'saga-kit-webhooks/1',
        [WebhookHeaders.DeliveryId]: request.deliveryId,
        [WebhookHeaders.Event]: request.eventType,
        ...signWebhook({ body: request.body, secret: request.secret, at: request.at }),
      },
    });
    // The status decides; the body is not needed, and reading it could hang.
    await response.body?.cancel().catch(() => undefined);
    return classify(response.status, response.headers.get('retry-after'), request.at);
  } catch (error) {
    if (timedOut) return { kind: 'retriable', reason: 'timeout', error };
    if (options.stop?.aborted) return { kind: 'retriable', reason: 'stopped', error };
    return { kind: 'retriable', reason: 'network_error', error };
  } finally {
    clearTimeout(timer);
    options.stop?.removeEventListener('abort', onStop);
  }
}

function classify(status: number, retryAfter: string | null, now: Date): WebhookAttempt {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  const reason = `http_${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return retryAfterMs === undefined
      ? { kind: 'retriable', reason, status }
      : { kind: 'retriable', reason, status, retryAfterMs };
  }
  return { kind: 'rejected', reason, status };
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
