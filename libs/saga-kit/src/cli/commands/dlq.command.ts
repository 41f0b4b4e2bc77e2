import { SingleBar, Presets } from 'cli-progress';
import {
  filterToQuery,
  isDeadLetterFilterError,
  parseDeadLetterFilter,
} from '../../dlq/dead-letter-filter';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-io';
import { DlqApiClient, DlqApiError } from '../dlq-api.client';

/** Filter flags of `dlq list` and `dlq replay`. */
export interface DlqFilterOptions {
  domain?: string;
  reason?: string;
  component?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** Options of `dlq list`. */
export type DlqListOptions = DlqFilterOptions & { limit: string; offset: string; json?: boolean };

/** Options of `dlq replay`. */
export type DlqReplayOptions = DlqFilterOptions & { all?: boolean };

const PAGE = 500;

function client(ctx: CliContext): DlqApiClient {
  const { url, token } = ctx.api();
  return new DlqApiClient(url, token);
}

/** The filter flags, checked and written as the API's query (the API's own filter parser). */
function filterQuery(options: DlqFilterOptions): Record<string, string> {
  const { domain, reason, component, status, from, to } = options;
  try {
    return filterToQuery(parseDeadLetterFilter({ domain, reason, component, status, from, to }));
  } catch (error) {
    // The messages start with the filter's name, which is also its flag's.
    if (isDeadLetterFilterError(error)) throw new CliUsageError(`--${error.message}`);
    throw error;
  }
}

/** `dlq list`: one line per entry (or JSON lines with `--json`), newest first. */
export async function dlqList(ctx: CliContext, options: DlqListOptions): Promise<void> {
  const page = await client(ctx).list({
    ...filterQuery(options),
    limit: options.limit,
    offset: options.offset,
  });
  for (const e of page.items) {
    ctx.io.out(
      options.json
        ? JSON.stringify(e)
        : [
            e.at,
            e.status.padEnd(9),
            e.domain,
            e.reason,
            e.component,
            e.messageType.split('/').pop() ?? '',
            e.id,
          ].join('  '),
    );
  }
  ctx.io.err(`${page.items.length} of ${page.total} shown (offset ${page.offset})`);
}

/** `dlq counts`: entries per status, domain, reason and component, as JSON. */
export async function dlqCounts(ctx: CliContext, options: { status?: string }): Promise<void> {
  ctx.io.out(JSON.stringify(await client(ctx).counts(options.status), null, 2));
}

/** `dlq show ID`: the entry, its decoded payload, headers and timeline (text), as JSON. */
export async function dlqShow(ctx: CliContext, id: string): Promise<void> {
  const detail = await client(ctx).show(id);
  const { svg: _svg, ...timeline } = detail.timeline;
  ctx.io.out(JSON.stringify({ ...detail, timeline }, null, 2));
}

/**
 * `dlq replay [IDS...]` or `dlq replay --domain ... (filter)`: replays each entry through the API
 * (which republishes an entry at most once) with a progress bar, then prints a summary line of
 * JSON. A bulk replay without IDs needs a filter, or `--all`.
 */
export async function dlqReplay(
  ctx: CliContext,
  ids: string[],
  options: DlqReplayOptions,
): Promise<void> {
  const api = client(ctx);
  const query = filterQuery(options);
  if (ids.length > 0 && Object.keys(query).length > 0) {
    throw new CliUsageError('give entry ids or a filter, not both');
  }
  if (ids.length === 0) {
    if (Object.keys(query).length === 0 && !options.all) {
      throw new CliUsageError('give entry ids, a filter (--domain, --reason, ...), or --all');
    }
    ids = await matchingIds(api, { status: 'open', ...query });
  }
  const summary = {
    replayed: [] as string[],
    alreadyReplayed: [] as string[],
    failed: [] as { id: string; error: string }[],
  };
  const bar = new SingleBar(
    {
      format: 'replaying [{bar}] {value}/{total} {id}',
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const draw = ctx.io.interactive;
  if (draw) bar.start(ids.length, 0, { id: '' });
  for (const id of ids) {
    try {
      const result = await api.replay(id);
      (result.outcome === 'replayed' ? summary.replayed : summary.alreadyReplayed).push(id);
    } catch (error) {
      if (error instanceof DlqApiError && error.status === 401) throw error;
      summary.failed.push({ id, error: error instanceof Error ? error.message : String(error) });
    }
    if (draw) bar.increment(1, { id });
  }
  if (draw) bar.stop();
  ctx.io.out(JSON.stringify({ matched: ids.length, ...summary }));
  if (summary.failed.length > 0) {
    throw new CliUsageError(
      `${summary.failed.length} of ${ids.length} not replayed: ${summary.failed.map((f) => `${f.id}: ${f.error}`).join('; ')}`,
    );
  }
}

/** `dlq discard ID --note TEXT`. */
export async function dlqDiscard(
  ctx: CliContext,
  id: string,
  options: { note: string },
): Promise<void> {
  const entry = await client(ctx).discard(id, options.note);
  ctx.io.out(JSON.stringify({ id: entry.id, status: entry.status, discard: entry.discard }));
}

async function matchingIds(api: DlqApiClient, query: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.list({ ...query, limit: String(PAGE), offset: String(offset) });
    ids.push(...page.items.map((e) => e.id));
    if (page.items.length < PAGE) break;
  }
  // Oldest first: the order in which they failed.
  return ids.reverse();
}
