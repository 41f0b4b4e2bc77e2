import type { DeadLetterEntry } from '../dlq/dead-letter-entry';
import type { DeadLetterCounts } from '../dlq/dead-letter-store.types';
import type { ReplayResult } from '../dlq/dead-letter-replayer';
import type { DeadLetterDetail, DeadLetterListPage } from '../dlq/dlq-api.types';
import { CliUsageError } from './cli-io';

/** The dlq-worker's HTTP API, with its bearer token. */
export class DlqApiClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** One page of entries matching `query` (filter names as in the API). */
  list(query: Record<string, string>): Promise<DeadLetterListPage> {
    return this.request('GET', `/api/dead-letters?${new URLSearchParams(query).toString()}`);
  }

  counts(status?: string): Promise<DeadLetterCounts> {
    return this.request(
      'GET',
      `/api/dead-letters/counts${status ? `?status=${encodeURIComponent(status)}` : ''}`,
    );
  }

  show(id: string): Promise<DeadLetterDetail> {
    return this.request('GET', `/api/dead-letters/${encodeURIComponent(id)}`);
  }

  replay(id: string): Promise<ReplayResult> {
    return this.request('POST', `/api/dead-letters/${encodeURIComponent(id)}/replay`);
  }

  discard(id: string, note: string): Promise<DeadLetterEntry> {
    return this.request('POST', `/api/dead-letters/${encodeURIComponent(id)}/discard`, { note });
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          'x-operator': 'saga-kit-cli',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new CliUsageError(
        `cannot reach the dlq-worker at ${this.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      throw new DlqApiError(
        response.status,
        `${response.status} ${response.statusText}: the answer of ${this.url} is not JSON; is --api (DLQ_API_URL) the dlq-worker?`,
      );
    }
    if (!response.ok) {
      const message = (data as { message?: unknown } | undefined)?.message;
      throw new DlqApiError(
        response.status,
        `${response.status} ${typeof message === 'string' ? message : response.statusText}`,
      );
    }
    return data as T;
  }
}

/** An error answer of the API (401, 404, 409, 400...). */
export class DlqApiError extends CliUsageError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
