import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { OutboxMessage } from '../../ports/event-store.port';
import { decodeOutboxMessage } from './outbox-message.codec';
import type { RedisClient } from './redis-client.type';
import { withRedisErrors } from './redis-error.mapper';
import { outboxAckScript } from './redis-event-store.scripts';
import {
  baseOfOutboxKey,
  keysOfBase,
  outboxDirtyKey,
  outboxScanPattern,
  type StreamKeys,
} from './redis-key-space';

/** Settings of {@link RedisOutboxReader}, resolved. */
export interface OutboxReaderSettings {
  keyPrefix: string;
  streamsPerPoll: number;
  batchPerStream: number;
  sweepIntervalMs: number;
  logger: Logger;
}

/** Ids remembered from `pending` so `ack` can go straight to their stream. */
const MAX_REMEMBERED_LOCATIONS = 100_000;

interface QueuedId {
  id: string;
  score: number;
  base: string;
}

/**
 * The relay side of the Redis outbox. Each stream queues its messages in its own slot; a
 * global "dirty" set lists the streams that may have some. The protocol that keeps a queued
 * message from ever being unlisted:
 *
 * - an append adds its stream to the dirty set before its script runs (a crash in between
 *   leaves only a marker over an empty queue, which `pending` clears later), and again after
 *   it if the queue was empty before, because an `ack` may have cleared the marker meanwhile;
 * - clearing a marker is SREM, then a fresh look at the queue, then SADD back if it is not
 *   empty: an append that raced the SREM is either seen by that look or re-marks it itself;
 * - a periodic sweep (SCAN) re-marks any non-empty queue, the one net for the rare case of a
 *   process crashing between its script and its second marker while an ack cleared the first.
 */
export class RedisOutboxReader {
  private readonly dirtyKey: string;
  private readonly locations = new Map<string, string>();
  private cursor = '0';
  private lastSweepAt: number | undefined;

  constructor(
    private readonly client: RedisClient,
    private readonly settings: OutboxReaderSettings,
  ) {
    this.dirtyKey = outboxDirtyKey(settings.keyPrefix);
  }

  /** Lists a stream as possibly having queued messages (idempotent). */
  async markDirty(keys: StreamKeys): Promise<void> {
    await withRedisErrors('outbox mark', () => this.client.sadd(this.dirtyKey, keys.base));
  }

  /**
   * Oldest queued messages of the dirty streams visited this time, oldest first, at most
   * `limit`. Reads ids and scores first and the messages of the chosen ids only, so a backlog
   * over many streams costs ids, not payloads.
   */
  async pending(limit: number): Promise<OutboxMessage[]> {
    await this.sweepIfDue();
    const bases = await this.visitDirtyStreams();
    const perStream = Math.min(limit, this.settings.batchPerStream);
    const heads = await Promise.all(bases.map((base) => this.headIds(base, perStream)));
    // A marker over an empty queue: an append that failed or wrote no message, or a stream
    // acknowledged by another relay. Clearing it keeps the dirty set small.
    const empty = bases.filter((_, i) => heads[i]!.length === 0);
    await Promise.all(empty.map((base) => this.clearMarkerIfEmpty(keysOfBase(base))));
    // Scores grow strictly within a stream, so this keeps each stream's order and takes a
    // prefix of each stream's queue.
    const chosen = heads
      .flat()
      .sort((a, b) => a.score - b.score || compare(a.base, b.base))
      .slice(0, limit);
    const messages = await this.messagesOf(chosen);
    if (this.locations.size + messages.size > MAX_REMEMBERED_LOCATIONS) this.locations.clear();
    const selected: OutboxMessage[] = [];
    for (const { id, base } of chosen) {
      const message = messages.get(id);
      // Missing: acknowledged by another relay between the two reads.
      if (!message) continue;
      this.locations.set(id, base);
      selected.push(message);
    }
    return selected;
  }

  /** Removes published messages; unknown ids are ignored. */
  async ack(ids: readonly string[]): Promise<void> {
    const byBase = new Map<string, string[]>();
    const unknown: string[] = [];
    for (const id of new Set(ids)) {
      const base = this.locations.get(id);
      if (base === undefined) unknown.push(id);
      else byBase.set(base, [...(byBase.get(base) ?? []), id]);
    }
    if (unknown.length > 0) {
      // Acknowledged by an instance that did not read them: try every stream that may hold them.
      const all = await withRedisErrors('outbox ack', () => this.client.smembers(this.dirtyKey));
      for (const base of all) byBase.set(base, [...(byBase.get(base) ?? []), ...unknown]);
    }
    await Promise.all([...byBase].map(([base, baseIds]) => this.ackStream(base, baseIds)));
    for (const id of ids) this.locations.delete(id);
  }

  /**
   * Re-marks every stream with queued messages (SCAN over every primary): the recovery net of
   * the protocol above. Costs a pass over the keyspace; returns how many streams it re-marked.
   */
  async sweep(): Promise<number> {
    const startedAt = Date.now();
    const clientPrefix = clientKeyPrefix(this.client);
    // Escaped whole: the client's prefix is as literal as ours.
    const pattern = outboxScanPattern(clientPrefix + this.settings.keyPrefix);
    const nodes = this.client.isCluster
      ? (this.client as Cluster).nodes('master')
      : [this.client as Redis];
    let marked = 0;
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, found] = await withRedisErrors('outbox sweep', () =>
          node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000),
        );
        cursor = next;
        for (const rawKey of found) {
          const keys = keysOfBase(baseOfOutboxKey(rawKey.slice(clientPrefix.length)));
          const queued = await withRedisErrors('outbox sweep', () =>
            this.client.zcard(keys.outbox),
          );
          if (queued === 0) continue;
          const added = await withRedisErrors('outbox sweep', () =>
            this.client.sadd(this.dirtyKey, keys.base),
          );
          marked += added;
        }
      } while (cursor !== '0');
    }
    // Only a completed sweep counts: one that failed is tried again on the next `pending`.
    this.lastSweepAt = startedAt;
    if (marked > 0) {
      this.settings.logger.warn(
        { streams: marked, keyPrefix: this.settings.keyPrefix },
        'outbox sweep re-listed streams with queued messages',
      );
    }
    return marked;
  }

  private async sweepIfDue(): Promise<void> {
    const { sweepIntervalMs } = this.settings;
    if (sweepIntervalMs === 0) return;
    if (this.lastSweepAt !== undefined && Date.now() - this.lastSweepAt < sweepIntervalMs) return;
    await this.sweep();
  }

  /**
   * Up to `streamsPerPoll` dirty streams, continuing an SSCAN across calls so that every stream
   * gets its turn. An iteration that ends early wraps around once, so a call comes back short
   * only when the whole set is smaller than `streamsPerPoll`.
   */
  private async visitDirtyStreams(): Promise<string[]> {
    const { streamsPerPoll } = this.settings;
    const visited = new Set<string>();
    let wrapped = this.cursor === '0';
    for (;;) {
      const [next, members] = await withRedisErrors('outbox pending', () =>
        this.client.sscan(this.dirtyKey, this.cursor, 'COUNT', streamsPerPoll),
      );
      this.cursor = next;
      for (const member of members) visited.add(member);
      if (visited.size >= streamsPerPoll) break;
      if (next === '0') {
        if (wrapped) break;
        wrapped = true;
      }
    }
    return [...visited];
  }

  private async headIds(base: string, count: number): Promise<QueuedId[]> {
    const flat = await withRedisErrors('outbox pending', () =>
      this.client.zrange(keysOfBase(base).outbox, 0, count - 1, 'WITHSCORES'),
    );
    const ids: QueuedId[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      ids.push({ id: flat[i]!, score: Number(flat[i + 1]), base });
    }
    return ids;
  }

  /** The messages of `chosen`, read with one HMGET per stream. */
  private async messagesOf(chosen: readonly QueuedId[]): Promise<Map<string, OutboxMessage>> {
    const byBase = new Map<string, string[]>();
    for (const { id, base } of chosen) byBase.set(base, [...(byBase.get(base) ?? []), id]);
    const messages = new Map<string, OutboxMessage>();
    await Promise.all(
      [...byBase].map(async ([base, ids]) => {
        const values = await withRedisErrors('outbox pending', () =>
          this.client.hmgetBuffer(keysOfBase(base).outboxData, ...ids),
        );
        values.forEach((value, i) => {
          if (value) messages.set(ids[i]!, decodeOutboxMessage(value));
        });
      }),
    );
    return messages;
  }

  private async ackStream(base: string, ids: readonly string[]): Promise<void> {
    const keys = keysOfBase(base);
    const remaining = await withRedisErrors('outbox ack', () =>
      outboxAckScript.run(this.client, [keys.outbox, keys.outboxData], ids),
    );
    if (remaining === 0) await this.clearMarkerIfEmpty(keys);
  }

  /** SREM, then look again and SADD back if an append queued something meanwhile. */
  private async clearMarkerIfEmpty(keys: StreamKeys): Promise<void> {
    await withRedisErrors('outbox unmark', async () => {
      await this.client.srem(this.dirtyKey, keys.base);
      if ((await this.client.zcard(keys.outbox)) > 0) {
        await this.client.sadd(this.dirtyKey, keys.base);
      }
    });
  }
}

/** ioredis' own key prefix: SCAN returns keys with it, while commands add it themselves. */
function clientKeyPrefix(client: RedisClient): string {
  const { keyPrefix } = client.options as { keyPrefix?: unknown };
  return typeof keyPrefix === 'string' ? keyPrefix : '';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
