/** HTTP header carrying a request's correlation id, in and out. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** HTTP header carrying a request id (generated when absent). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest correlation, command or request id the HTTP layer takes, from a header or a body. */
export const MAX_ID_LENGTH = 200;

/** What the logging layer needs of an incoming request. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/** The first value of a header, if it is a usable id (non-empty, at most {@link MAX_ID_LENGTH}). */
export function headerId(request: RequestLike, header: string): string | undefined {
  const raw = request.headers[header];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= MAX_ID_LENGTH ? trimmed : undefined;
}
