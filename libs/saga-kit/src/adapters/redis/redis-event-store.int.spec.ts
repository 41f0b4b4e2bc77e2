import { describe, expect, it } from '@jest/globals';
import { create, toBinary } from '@bufbuild/protobuf';
import { Redis } from 'ioredis';
import pino from 'pino';
import { redisUrl } from '../../../../../test/infra';
import { isConcurrencyError } from '../../errors/concurrency.error';
import { EventPageSchema, SnapshotSchema, type EventPage } from '../../gen/sagakit/v1/envelope_pb';
import type { OutboxMessage, StreamId } from '../../ports/event-store.port';
import { RedisEventStore } from './redis-event-store.adapter';
import type { RedisEventStoreOptions } from './redis-event-store.options';
import { streamKeys } from './redis-key-space';
import { suiteRedis } from './redis-fixtures.spec';

const silent = pino({ level: 'silent' });
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_LATIN1 = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

const { client, nextPrefix } = suiteRedis('es');

function newStore(options: RedisEventStoreOptions = {}): {
  store: RedisEventStore;
  prefix: string;
} {
  const prefix = nextPrefix();
  return {
    store: new RedisEventStore(client, { keyPrefix: prefix, logger: silent, ...options }),
    prefix,
  };
}

function page(sequence: number, tag = 'e', value = Buffer.from(tag)): EventPage {
  return create(EventPageSchema, {
    sequence: BigInt(sequence),
    eventId: `${tag}-${sequence}`,
    event: { typeUrl: 'type.googleapis.com/test.Event', value },
  });
}

function pages(from: number, count: number, tag = 'e'): EventPage[] {
  return Array.from({ length: count }, (_, i) => page(from + i, tag));
}

function message(id: string, stream: StreamId, value: Uint8Array = Buffer.from(id)): OutboxMessage {
  return { id, topic: `sagakit.${stream.domain}.events`, key: stream.root, value, headers: {} };
}

const hex = (list: readonly EventPage[]): string[] =>
  list.map((p) => Buffer.from(toBinary(EventPageSchema, p)).toString('hex'));

describe('RedisEventStore append', () => {
  it('writes nothing on a conflict: no page, no dedup record, no outbox entry', async () => {
    const { store, prefix } = newStore();
    const stream = { domain: 'hand', root: 'r-conflict' };
    await store.append({ stream, expectedSequence: 0, pages: pages(0, 2) });
    const keys = streamKeys(prefix, stream);

    const error = await store
      .append({
        stream,
        expectedSequence: 1,
        pages: [page(1, 'late')],
        dedup: { key: 'cmd', value: Buffer.from('outcome') },
        outbox: [message('m-late', stream)],
      })
      .catch((e: unknown) => e);

    expect(isConcurrencyError(error)).toBe(true);
    expect(error).toMatchObject({ expectedSequence: 1, actualSequence: 2, retriable: true });
    expect(await client.llen(keys.events)).toBe(2);
    expect(await client.exists(keys.dedup, keys.outbox, keys.outboxData)).toBe(0);
  });

  it('answers a known dedup key with its first value, even at a stale sequence, writing nothing', async () => {
    const { store, prefix } = newStore();
    const stream = { domain: 'hand', root: 'r-dup' };
    await store.append({
      stream,
      expectedSequence: 0,
      pages: pages(0, 1),
      dedup: { key: 'cmd-1', value: ALL_BYTES },
    });
    await store.append({ stream, expectedSequence: 1, pages: pages(1, 1) });

    const again = await store.append({
      stream,
      expectedSequence: 0,
      pages: pages(0, 1, 'again'),
      dedup: { key: 'cmd-1', value: Buffer.from('other') },
      outbox: [message('never', stream)],
    });

    expect(again).toEqual({ status: 'duplicate', value: ALL_BYTES });
    expect(await client.llen(streamKeys(prefix, stream).events)).toBe(2);
    expect(await store.pending(10)).toEqual([]);
  });

  it('lets exactly one of 20 concurrent appends at one sequence win, over 20 connections', async () => {
    const { prefix } = newStore();
    const clients = Array.from({ length: 20 }, () => new Redis(redisUrl()));
    try {
      const stores = clients.map(
        (c) => new RedisEventStore(c, { keyPrefix: prefix, logger: silent }),
      );
      const stream = { domain: 'hand', root: 'r-race' };
      await stores[0]!.append({ stream, expectedSequence: 0, pages: pages(0, 2) });

      const results = await Promise.allSettled(
        stores.map((s, i) =>
          s.append({
            stream,
            expectedSequence: 2,
            pages: [page(2, `c${i}`), page(3, `c${i}`)],
            dedup: { key: `cmd-${i}`, value: Buffer.from(`${i}`) },
            outbox: [message(`m-${i}`, stream)],
          }),
        ),
      );

      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      expect(results[winner]).toEqual({
        status: 'fulfilled',
        value: { status: 'appended', nextSequence: 4 },
      });
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ actualSequence: 4 });
      }
      const loaded = await stores[1]!.load(stream);
      expect(hex(loaded.pages.slice(2))).toEqual(
        hex([page(2, `c${winner}`), page(3, `c${winner}`)]),
      );
      const keys = streamKeys(prefix, stream);
      expect(await client.hkeys(keys.dedup)).toEqual([`cmd-${winner}`]);
      expect(await client.zrange(keys.outbox, 0, -1)).toEqual([`m-${winner}`]);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('keeps the first copy of an outbox id queued twice in one stream', async () => {
    const { store } = newStore({ outboxSweepIntervalMs: 0 });
    const stream = { domain: 'hand', root: 'r-same-id' };
    await store.append({
      stream,
      expectedSequence: 0,
      pages: [],
      outbox: [message('x', stream, Buffer.from('first'))],
    });
    await store.append({ stream, expectedSequence: 0, pages: [], outbox: [message('y', stream)] });
    await store.append({
      stream,
      expectedSequence: 0,
      pages: [],
      outbox: [message('x', stream, Buffer.from('second'))],
    });

    const pending = await store.pending(10);
    expect(pending.map((m) => [m.id, Buffer.from(m.value).toString()])).toEqual([
      ['x', 'first'],
      ['y', 'y'],
    ]);
  });

  it('sets a time to live on dedup records only when asked', async () => {
    const forever = newStore();
    const expiring = newStore({ dedupTtlMs: 60_000 });
    const stream = { domain: 'hand', root: 'r-ttl' };
    const request = {
      stream,
      expectedSequence: 0,
      pages: [],
      dedup: { key: 'k', value: Buffer.from('v') },
    };
    await forever.store.append(request);
    await expiring.store.append(request);

    expect(await client.pttl(streamKeys(forever.prefix, stream).dedup)).toBe(-1);
    const ttl = await client.pttl(streamKeys(expiring.prefix, stream).dedup);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('is binary safe: any byte in pages, values and dedup keys, any character in roots', async () => {
    const { store } = newStore({ outboxSweepIntervalMs: 0 });
    const stream = { domain: 'hand', root: `${ALL_LATIN1}}{:😀` };
    const written = [page(0, 'bin', Buffer.from(ALL_BYTES)), page(1, ALL_LATIN1)];
    const dedupKey = `${ALL_LATIN1}😀`;
    const outbox = { ...message('m-bin', stream, ALL_BYTES), headers: { note: ALL_LATIN1 } };

    await store.append({
      stream,
      expectedSequence: 0,
      pages: written,
      dedup: { key: dedupKey, value: ALL_BYTES },
      outbox: [outbox],
    });

    expect(hex((await store.load(stream)).pages)).toEqual(hex(written));
    expect(await store.findDedup(stream, dedupKey)).toEqual(ALL_BYTES);
    expect(await store.findDedup(stream, ALL_LATIN1)).toBeUndefined();
    expect(await store.load({ domain: 'hand', root: ALL_LATIN1 })).toEqual({
      pages: [],
      nextSequence: 0,
    });
    expect(await store.pending(10)).toEqual([outbox]);
  });

  it('rejects keys that would be ambiguous or lossy, before touching Redis', async () => {
    const { store } = newStore();
    const ok = { domain: 'hand', root: 'r' };
    await expect(store.load({ domain: 'ha:nd', root: 'r' })).rejects.toThrow(TypeError);
    await expect(store.load({ domain: 'ha{nd}', root: 'r' })).rejects.toThrow(TypeError);
    await expect(store.load({ domain: 'hand', root: 'lone \ud800' })).rejects.toThrow(/surrogate/);
    await expect(store.findDedup(ok, '\udc00')).rejects.toThrow(/surrogate/);
    await expect(store.pending(0)).rejects.toThrow(TypeError);
    expect(() => new RedisEventStore(client, { keyPrefix: 'a{b}' })).toThrow(/keyPrefix/);
    expect(() => new RedisEventStore(client, { snapshotsToKeep: 0 })).toThrow(/snapshotsToKeep/);
  });
});

describe('RedisEventStore load and snapshots', () => {
  it('reads long streams in batches, from the latest snapshot when asked', async () => {
    const { store } = newStore({ loadBatchSize: 3 });
    const stream = { domain: 'hand', root: 'r-batches' };
    const all = pages(0, 11);
    await store.append({ stream, expectedSequence: 0, pages: all.slice(0, 4) });
    await store.append({ stream, expectedSequence: 4, pages: all.slice(4) });
    await store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 3n }));

    const full = await store.load(stream);
    expect(full.nextSequence).toBe(11);
    expect(hex(full.pages)).toEqual(hex(all));
    expect(full.snapshot).toBeUndefined();
    const fromSnapshot = await store.load(stream, { useSnapshot: true });
    expect(fromSnapshot.snapshot?.sequence).toBe(3n);
    expect(hex(fromSnapshot.pages)).toEqual(hex(all.slice(4)));
  });

  it('keeps the newest snapshots by sequence, whatever order they are saved in', async () => {
    const { store, prefix } = newStore({ snapshotsToKeep: 2 });
    const stream = { domain: 'hand', root: 'r-snapshots' };
    await store.append({ stream, expectedSequence: 0, pages: pages(0, 10) });
    for (const sequence of [2n, 7n, 4n, 1n]) {
      await store.saveSnapshot(stream, create(SnapshotSchema, { sequence }));
    }
    const state = { typeUrl: 'type.googleapis.com/test.State', value: ALL_BYTES };
    await store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 7n, state }));

    const loaded = await store.load(stream, { useSnapshot: true });
    expect(loaded.snapshot?.sequence).toBe(7n);
    expect(loaded.snapshot?.state?.value).toEqual(ALL_BYTES);
    expect(loaded.pages.map((p) => p.sequence)).toEqual([8n, 9n]);
    const kept = await client.zrange(streamKeys(prefix, stream).snapshots, 0, -1, 'WITHSCORES');
    expect(kept.filter((_, i) => i % 2 === 1)).toEqual(['4', '7']);
  });

  it('refuses a snapshot of a page the stream does not have, storing nothing', async () => {
    const { store, prefix } = newStore();
    const stream = { domain: 'hand', root: 'r-bad-snapshot' };
    await store.append({ stream, expectedSequence: 0, pages: pages(0, 2) });
    await expect(
      store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 2n })),
    ).rejects.toThrow(/not a page of the stream \(next sequence 2\)/);
    await expect(store.saveSnapshot(stream, {} as never)).rejects.toThrow(TypeError);
    expect(await client.exists(streamKeys(prefix, stream).snapshots)).toBe(0);
  });
});
