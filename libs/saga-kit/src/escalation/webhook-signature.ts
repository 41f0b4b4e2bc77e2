import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookHeaders } from './webhook-headers';

/** Version tag of the signature scheme. */
export const SIGNATURE_SCHEME = 'v1';
/** Default replay window of {@link verifyWebhookSignature}: five minutes. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Headers as Node's `IncomingHttpHeaders` (lower-case keys) or a fetch `Headers`. */
export type WebhookHeaderSource =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null };

/** Hex HMAC-SHA256 of `"<timestamp>.<body>"` with `secret`. */
export function computeWebhookSignature(
  secret: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The signature and timestamp headers for `body` signed at `at`. */
export function signWebhook(options: {
  body: string | Uint8Array;
  secret: string;
  at: Date;
}): Record<string, string> {
  const timestamp = Math.floor(options.at.getTime() / 1000);
  const signature = computeWebhookSignature(options.secret, timestamp, options.body);
  return {
    [WebhookHeaders.Signature]: `${SIGNATURE_SCHEME}=${signature}`,
    [WebhookHeaders.Timestamp]: String(timestamp),
  };
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received. */
  body: string | Uint8Array;
  headers: WebhookHeaderSource;
  /** The shared secret, or several while rotating. */
  secret: string | readonly string[];
  /** Largest accepted distance between the signed timestamp and now (default 300 s). */
  toleranceSeconds?: number;
  /** Defaults to the wall clock. */
  now?: Date;
}

/** Why a webhook signature was refused. */
export type WebhookRejectionReason =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'timestamp_outside_tolerance'
  | 'signature_mismatch';

/** The result of {@link verifyWebhookSignature}. */
export type WebhookVerification =
  | { readonly valid: true; readonly timestamp: Date; readonly deliveryId: string | undefined }
  | { readonly valid: false; readonly reason: WebhookRejectionReason };

/**
 * Checks an escalation webhook request on the receiving side: the timestamp must be within
 * `toleranceSeconds` of now (replay window) and one `v1=` signature must match the HMAC of
 * `"<timestamp>.<body>"` under one of the secrets (compared in constant time). Deduplicate
 * accepted requests by their delivery id.
 */
export function verifyWebhookSignature(options: VerifyWebhookOptions): WebhookVerification {
  const signatureHeader = header(options.headers, WebhookHeaders.Signature);
  if (!signatureHeader) return { valid: false, reason: 'missing_signature' };
  const timestampHeader = header(options.headers, WebhookHeaders.Timestamp);
  if (!timestampHeader) return { valid: false, reason: 'missing_timestamp' };
  if (!/^\d{1,15}$/.test(timestampHeader)) return { valid: false, reason: 'invalid_timestamp' };
  const timestamp = Number(timestampHeader);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) {
    return { valid: false, reason: 'timestamp_outside_tolerance' };
  }
  const candidates = signatureHeader
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SIGNATURE_SCHEME}=`))
    .map((part) => Buffer.from(part.slice(SIGNATURE_SCHEME.length + 1), 'utf8'));
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(computeWebhookSignature(secret, timestamp, options.body), 'utf8');
    for (const candidate of candidates) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        return {
          valid: true,
          timestamp: new Date(timestamp * 1000),
          deliveryId: header(options.headers, WebhookHeaders.DeliveryId),
        };
      }
    }
  }
  return { valid: false, reason: 'signature_mismatch' };
}

function header(source: WebhookHeaderSource, name: string): string | undefined {
  if (typeof source.get === 'function') {
    return (source as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const records = source as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(records).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : records[key];
  return typeof value === 'string' ? value : value?.[0];
}
