import { closeRedis } from '../../adapters/redis/close-redis';
import { RedisAuditLog } from '../../adapters/redis/redis-audit-log.adapter';
import { RedisEventStore } from '../../adapters/redis/redis-event-store.adapter';
import type { AuditEntry } from '../../ports/audit-log.port';
import { applyReadTimeTransforms } from '../../runtime/aggregate/read-time-transforms';
import {
  renderTimelineJson,
  renderTimelineMermaid,
  renderTimelineText,
} from '../../runtime/audit/timeline-renderers';
import type { CliContext } from '../cli-context';
import { CliUsageError } from '../cli-io';

/** Options of `saga-kit audit`. */
export interface AuditOptions {
  correlation?: string;
  domain?: string;
  root?: string;
  format: string;
}

/** Output formats of `audit`. */
export const AUDIT_FORMATS = ['text', 'json', 'mermaid'] as const;

/**
 * Prints a correlation's timeline (`--correlation`) or an aggregate's history (`--domain` and
 * `--root`) from the Redis audit log, marking events that were revoked since: the aggregates'
 * streams in the event store say which sequences a `Revocation` marker hides.
 */
export async function audit(ctx: CliContext, options: AuditOptions): Promise<void> {
  const format = options.format as (typeof AUDIT_FORMATS)[number];
  if (!AUDIT_FORMATS.includes(format)) {
    throw new CliUsageError(`--format must be one of ${AUDIT_FORMATS.join(', ')}`);
  }
  const byCorrelation = options.correlation !== undefined;
  if (byCorrelation === (options.domain !== undefined || options.root !== undefined)) {
    throw new CliUsageError('give either --correlation ID, or --domain D and --root R');
  }
  if (!byCorrelation && (!options.domain || !options.root)) {
    throw new CliUsageError('--domain and --root go together');
  }
  const redis = ctx.redis();
  try {
    await redis.connect();
    const keyPrefix = ctx.keyPrefix();
    const log = new RedisAuditLog(redis, { keyPrefix });
    const entries = byCorrelation
      ? await log.timeline(options.correlation!)
      : await log.history(options.domain!, options.root!);
    if (entries.length === 0) {
      const what = byCorrelation
        ? `correlation ${options.correlation}`
        : `${options.domain}/${options.root}`;
      throw new CliUsageError(`no audit entries for ${what}`);
    }
    const revoked = await revokedSequences(new RedisEventStore(redis, { keyPrefix }), entries);
    ctx.io.out(render(entries, revoked, format));
  } finally {
    await closeRedis(redis);
  }
}

/** Revoked sequences per `domain/root`, from the streams (Revocation markers) and `undo.revoked` entries. */
export async function revokedSequences(
  store: Pick<RedisEventStore, 'load'>,
  entries: readonly AuditEntry[],
): Promise<Map<string, Set<number>>> {
  const result = new Map<string, Set<number>>();
  const aggregates = new Map(
    entries.map((e) => [`${e.domain}/${e.root}`, { domain: e.domain, root: e.root }]),
  );
  for (const [key, stream] of aggregates) {
    const revoked = new Set<number>();
    try {
      const loaded = await store.load(stream);
      for (const s of applyReadTimeTransforms(loaded.pages).revoked) revoked.add(s);
    } catch {
      // A stream the store cannot read (another key prefix, a non-UUID root): audit entries only.
    }
    for (const e of entries) {
      if (e.kind === 'undo.revoked' && `${e.domain}/${e.root}` === key) {
        for (const s of e.sequences ?? []) revoked.add(s);
      }
    }
    if (revoked.size > 0) result.set(key, revoked);
  }
  return result;
}

/** Entry kinds whose sequences name events (appended, or reacted to by a saga). */
const EVENT_KINDS = new Set<AuditEntry['kind']>([
  'command.accepted',
  'command.issued',
  'command.skipped',
  'compensation.appended',
]);

/** Revoked sequences an entry concerns, if any. */
function revokedOf(entry: AuditEntry, revoked: Map<string, Set<number>>): number[] {
  if (entry.kind === 'undo.revoked') return [];
  const set = revoked.get(`${entry.domain}/${entry.root}`);
  if (!set || !EVENT_KINDS.has(entry.kind)) return [];
  return (entry.sequences ?? []).filter((s) => set.has(s));
}

function render(entries: AuditEntry[], revoked: Map<string, Set<number>>, format: string): string {
  const marks = entries.map((e) => revokedOf(e, revoked));
  switch (format) {
    case 'json': {
      const json = JSON.parse(renderTimelineJson(entries)) as Record<string, unknown>[];
      return JSON.stringify(
        json.map((e, i) => (marks[i]!.length ? { ...e, revoked: marks[i] } : e)),
        null,
        2,
      );
    }
    case 'mermaid':
      return renderTimelineMermaid(
        entries.map((e, i) => {
          const hit = marks[i]!;
          if (hit.length === 0) return e;
          // Without event types (a saga's reaction) the label is the sequence alone.
          const types = (e.sequences ?? []).map((s, j) => {
            const type = e.eventTypes?.[j];
            return hit.includes(s) ? (type ? `revoked ${type}` : 'revoked') : (type ?? '');
          });
          return { ...e, eventTypes: types };
        }),
      );
    default:
      return renderTimelineText(entries)
        .split('\n')
        .map((line, i) =>
          marks[i]!.length
            ? `${line}  [revoked: ${marks[i]!.map((s) => `@${s}`).join(', ')}]`
            : line,
        )
        .join('\n');
  }
}
