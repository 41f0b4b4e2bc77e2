import { assertKeyPrefix } from '../adapters/redis/redis-key-space';
import { assertInteger, definedOnly } from '../adapters/redis/redis-options.util';
import type { RedisClient } from '../adapters/redis/redis-client.type';
import { withRedisErrors } from '../adapters/redis/redis-error.mapper';
import { replyArray, replyInteger } from '../adapters/redis/redis-script';
import {
  DEAD_LETTER_STATUSES,
  type DeadLetterDiscard,
  type DeadLetterEntry,
  type DeadLetterFacts,
  type DeadLetterReplay,
  type DeadLetterStatus,
} from './dead-letter-entry';
import type { DeadLetterFilter, DeadLetterQuery } from './dead-letter-filter';
import {
  REDIS_DEAD_LETTER_STORE_DEFAULTS,
  type ClaimOutcome,
  type DeadLetterCounts,
  type DeadLetterPage,
  type DiscardOutcome,
  type RedisDeadLetterStoreOptions,
  type StoredDeadLetter,
} from './dead-letter-store.types';
import {
  claimReplayScript,
  discardScript,
  finishReplayScript,
  ingestScript,
  pruneScript,
} from './redis-dead-letter-store.scripts';

const FIELDS = ['facts', 'status', 'deliveries', 'replay', 'discard'] as const;
const PRUNE_BATCH = 500;
const DIMENSIONS = ['domain', 'reason', 'component'] as const;

/**
 * Dead letters kept for review in Redis: one hash per entry, and sorted sets by failure time per
 * domain, reason, component and status. Stored once per DeadLetter id (a redelivered DLQ record
 * only counts a delivery). Status changes are atomic scripts, so a replay is claimed by one
 * request only. Retention is bounded by age and count ({@link prune}). Every key shares the
 * hash tag `{dlq}`: the store works on Redis Cluster, in one slot.
 */
export class RedisDeadLetterStore {
  private readonly options: Required<RedisDeadLetterStoreOptions>;
  private readonly base: string;

  constructor(
    private readonly client: RedisClient,
    options: RedisDeadLetterStoreOptions = {},
  ) {
    this.options = { ...REDIS_DEAD_LETTER_STORE_DEFAULTS, ...definedOnly(options) };
    assertKeyPrefix(this.options.keyPrefix);
    assertInteger(this.options.retentionMs, 'retentionMs', 0);
    assertInteger(this.options.maxEntries, 'maxEntries', 0);
    this.base = `${this.options.keyPrefix}:{dlq}`;
  }

  /** Stores an entry; resolves false when its id was stored already. */
  async ingest(
    facts: DeadLetterFacts,
    letter: Uint8Array,
    headers: Record<string, string>,
  ): Promise<boolean> {
    const reply = await withRedisErrors('dlq ingest', () =>
      ingestScript.run(
        this.client,
        [this.entryKey(facts.id)],
        [
          this.base,
          facts.id,
          Date.parse(facts.at),
          facts.domain,
          facts.reason,
          facts.component,
          JSON.stringify(facts),
          Buffer.from(letter),
          JSON.stringify(headers),
        ],
      ),
    );
    return replyInteger(reply, 'dlq ingest') === 1;
  }

  /** One entry, or undefined. */
  async get(id: string): Promise<StoredDeadLetter | undefined> {
    const key = this.entryKey(id);
    const [values, letter, headers] = await withRedisErrors('dlq get', async () =>
      Promise.all([
        this.client.hmget(key, ...FIELDS),
        this.client.hgetBuffer(key, 'letter'),
        this.client.hget(key, 'headers'),
      ]),
    );
    const entry = toEntry(values);
    if (!entry || !letter) return undefined;
    return { entry, letter, headers: JSON.parse(headers ?? '{}') as Record<string, string> };
  }

  /** A page of the entries matching the query, newest first. */
  async list(query: DeadLetterQuery): Promise<DeadLetterPage> {
    const ids = await this.matching(query);
    const page = ids.slice(query.offset, query.offset + query.limit);
    return { total: ids.length, items: await this.entries(page) };
  }

  /** Ids of every entry matching the filter, newest first. */
  async matching(filter: DeadLetterFilter): Promise<string[]> {
    const keys = this.filterKeys(filter);
    const min = filter.from ? filter.from.getTime() : '-inf';
    const max = filter.to ? filter.to.getTime() : '+inf';
    return withRedisErrors('dlq list', async () => {
      if (keys.length === 1) {
        return this.client.zrange(keys[0]!, max, min, 'BYSCORE', 'REV');
      }
      const weights = keys.map((_, i) => (i === 0 ? 1 : 0));
      const reply = (await this.client.call(
        'ZINTER',
        keys.length,
        ...keys,
        'WEIGHTS',
        ...weights,
        'WITHSCORES',
      )) as string[];
      const scored: { id: string; score: number }[] = [];
      for (let i = 0; i < reply.length; i += 2) {
        const score = Number(reply[i + 1]);
        if ((min === '-inf' || score >= min) && (max === '+inf' || score <= max)) {
          scored.push({ id: reply[i]!, score });
        }
      }
      return scored.sort((a, b) => b.score - a.score).map((s) => s.id);
    });
  }

  /** Entries per status and per domain, reason and component, optionally of one status. */
  async counts(status?: DeadLetterStatus): Promise<DeadLetterCounts> {
    return withRedisErrors('dlq counts', async () => {
      const byStatus = Object.fromEntries(
        await Promise.all(
          DEAD_LETTER_STATUSES.map(async (s) => [
            s,
            await this.client.zcard(this.index('status', s)),
          ]),
        ),
      ) as Record<DeadLetterStatus, number>;
      const group = async (dim: (typeof DIMENSIONS)[number]): Promise<Record<string, number>> => {
        const values = (await this.client.smembers(`${this.base}:values:${dim}`)).sort();
        const counted = await Promise.all(
          values.map(async (v): Promise<[string, number]> => [
            v,
            status
              ? Number(
                  await this.client.call(
                    'ZINTERCARD',
                    2,
                    this.index(dim, v),
                    this.index('status', status),
                  ),
                )
              : await this.client.zcard(this.index(dim, v)),
          ]),
        );
        return Object.fromEntries(counted.filter(([, n]) => n > 0));
      };
      const [byDomain, byReason, byComponent] = await Promise.all(DIMENSIONS.map(group));
      const total = status ? byStatus[status] : Object.values(byStatus).reduce((a, b) => a + b, 0);
      return {
        total,
        byStatus,
        byDomain: byDomain!,
        byReason: byReason!,
        byComponent: byComponent!,
      };
    });
  }

  /** Claims an entry for replay; only one claim holds at a time, for `leaseMs`. */
  async claimReplay(
    id: string,
    replay: DeadLetterReplay,
    now: Date,
    leaseMs: number,
  ): Promise<ClaimOutcome> {
    const reply = replyArray(
      await withRedisErrors('dlq claim replay', () =>
        claimReplayScript.run(
          this.client,
          [this.entryKey(id)],
          [this.base, id, now.getTime(), leaseMs, JSON.stringify(replay)],
        ),
      ),
      'dlq claim replay',
    ).map((x) => String(x));
    const outcome = reply[0] as 'claimed' | 'replayed' | 'busy' | 'discarded' | 'missing';
    if (outcome === 'replayed')
      return { outcome, replay: JSON.parse(reply[1] ?? '{}') as DeadLetterReplay };
    return { outcome };
  }

  /** Marks a claimed entry replayed, with the published message's details. */
  async completeReplay(id: string, replay: DeadLetterReplay): Promise<void> {
    await this.finish(id, 'replayed', JSON.stringify(replay));
  }

  /** Gives a claimed entry back (the publish failed): it is open again. */
  async releaseReplay(id: string): Promise<void> {
    await this.finish(id, 'open', '');
  }

  /** Discards an open entry with a note; discarding a discarded entry changes nothing. */
  async discard(id: string, discard: DeadLetterDiscard): Promise<DiscardOutcome> {
    const reply = replyArray(
      await withRedisErrors('dlq discard', () =>
        discardScript.run(
          this.client,
          [this.entryKey(id)],
          [this.base, id, JSON.stringify(discard)],
        ),
      ),
      'dlq discard',
    ).map((x) => String(x));
    if (reply[0] === 'conflict')
      return { outcome: 'conflict', status: reply[1] as DeadLetterStatus };
    return { outcome: reply[0] as 'discarded' | 'missing' };
  }

  /** Applies retention once (a batch); resolves how many entries were deleted, and how many of them were open. */
  async prune(now: Date): Promise<{ deleted: number; open: number }> {
    const cutoff = this.options.retentionMs > 0 ? now.getTime() - this.options.retentionMs : 0;
    const reply = replyArray(
      await withRedisErrors('dlq prune', () =>
        pruneScript.run(
          this.client,
          [`${this.base}:idx:all`],
          [this.base, cutoff, this.options.maxEntries, PRUNE_BATCH],
        ),
      ),
      'dlq prune',
    );
    return { deleted: replyInteger(reply[0], 'deleted'), open: replyInteger(reply[1], 'open') };
  }

  private async finish(id: string, status: DeadLetterStatus, replay: string): Promise<void> {
    await withRedisErrors('dlq finish replay', () =>
      finishReplayScript.run(this.client, [this.entryKey(id)], [this.base, id, status, replay]),
    );
  }

  private async entries(ids: readonly string[]): Promise<DeadLetterEntry[]> {
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hmget(this.entryKey(id), ...FIELDS);
    const replies = (await withRedisErrors('dlq entries', () => pipeline.exec())) ?? [];
    return replies
      .map(([error, values]) => (error ? undefined : toEntry(values as (string | null)[])))
      .filter((e): e is DeadLetterEntry => e !== undefined);
  }

  private filterKeys(filter: DeadLetterFilter): string[] {
    const keys: string[] = [];
    if (filter.status) keys.push(this.index('status', filter.status));
    for (const dim of DIMENSIONS) {
      const value = filter[dim];
      if (value) keys.push(this.index(dim, value));
    }
    return keys.length > 0 ? keys : [`${this.base}:idx:all`];
  }

  private index(dim: string, value: string): string {
    return `${this.base}:idx:${dim}:${value}`;
  }

  private entryKey(id: string): string {
    return `${this.base}:entry:${id}`;
  }
}

function toEntry(values: (string | null)[]): DeadLetterEntry | undefined {
  const [facts, status, deliveries, replay, discard] = values;
  if (!facts || !status) return undefined;
  return {
    ...(JSON.parse(facts) as DeadLetterFacts),
    status: status as DeadLetterStatus,
    deliveries: Number(deliveries ?? 1),
    ...(replay ? { replay: JSON.parse(replay) as DeadLetterReplay } : {}),
    ...(discard ? { discard: JSON.parse(discard) as DeadLetterDiscard } : {}),
  };
}
