import { describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { testRedis } from '../../../../../test/infra';
import { EventPageSchema } from '../../gen/sagakit/v1/envelope_pb';
import type { OutboxMessage, StreamId } from '../../ports/event-store.port';
import { RedisEventStore } from './redis-event-store.adapter';
import type { RedisEventStoreOptions } from './redis-event-store.options';
import { outboxDirtyKey, streamKeys } from './redis-key-space';
import { suiteRedis } from './redis-fixtures.spec';

const silent = pino({ level: 'silent' });

const { client, nextPrefix } = suiteRedis('outbox');

/** A store whose sweep is off unless asked: these tests check the dirty-set protocol itself. */
function storeOn(
  redis: Redis,
  prefix: string,
  options: RedisEventStoreOptions = {},
): RedisEventStore {
  return new RedisEventStore(redis, {
    keyPrefix: prefix,
    logger: silent,
    outboxSweepIntervalMs: 0,
    ...options,
  });
}

function message(id: string, stream: StreamId): OutboxMessage {
  return {
    id,
    topic: `sagakit.${stream.domain}.events`,
    key: stream.root,
    value: Buffer.from(`value of ${id}`),
    headers: { 'message-id': id },
  };
}

function pageAt(sequence: number): ReturnType<typeof create<typeof EventPageSchema>> {
  return create(EventPageSchema, { sequence: BigInt(sequence), eventId: `e${sequence}` });
}

/** Appends one page and its messages at the stream's next sequence. */
async function appendMessages(
  store: RedisEventStore,
  stream: StreamId,
  ids: string[],
): Promise<void> {
  const { nextSequence } = await store.load(stream);
  await store.append({
    stream,
    expectedSequence: nextSequence,
    pages: [pageAt(nextSequence)],
    outbox: ids.map((id) => message(id, stream)),
  });
}

/** Publishes (here: collects) and acknowledges until nothing is pending or listed. */
async function drain(store: RedisEventStore, prefix: string, batch = 1000): Promise<string[]> {
  const seen: string[] = [];
  for (let round = 0; round < 1000; round++) {
    const pending = await store.pending(batch);
    if (pending.length === 0 && (await client.exists(outboxDirtyKey(prefix))) === 0) return seen;
    seen.push(...pending.map((m) => m.id));
    await store.ack(pending.map((m) => m.id));
  }
  throw new Error('the outbox did not drain in 1000 rounds');
}

describe('RedisEventStore outbox across streams', () => {
  it('lists many streams oldest first, keeps each stream in order, and clears the dirty set', async () => {
    const prefix = nextPrefix();
    const store = storeOn(client, prefix);
    const streams = Array.from({ length: 30 }, (_, i) => ({ domain: 'hand', root: `r${i}` }));
    const order: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [i, stream] of streams.entries()) {
        const ids = [`s${i}-r${round}-a`, `s${i}-r${round}-b`];
        await appendMessages(store, stream, ids);
        order.push(...ids);
      }
    }

    expect((await store.pending(1000)).map((m) => m.id)).toEqual(order);
    expect((await store.pending(7)).map((m) => m.id)).toEqual(order.slice(0, 7));
    await store.ack(order.slice(0, 100));
    expect((await store.pending(1000)).map((m) => m.id)).toEqual(order.slice(100));
    await store.ack(order.slice(100));
    expect(await store.pending(1000)).toEqual([]);
    expect(await client.exists(outboxDirtyKey(prefix))).toBe(0);
  });

  it('visits every dirty stream over successive calls, never coming back empty-handed early', async () => {
    const prefix = nextPrefix();
    const store = storeOn(client, prefix, { outboxStreamsPerPoll: 16 });
    // Over 128 members, so the set is a hash table and SSCAN really walks it in steps.
    const expected = Array.from({ length: 150 }, (_, i) => `m${i}`);
    for (const [i, id] of expected.entries()) {
      await appendMessages(store, { domain: 'table', root: `t${i}` }, [id]);
    }

    const seen: string[] = [];
    let calls = 0;
    while (seen.length < expected.length && calls < 100) {
      calls += 1;
      const batch = await store.pending(1000);
      expect(batch.length).toBeGreaterThan(0);
      seen.push(...batch.map((m) => m.id));
      await store.ack(batch.map((m) => m.id));
    }
    expect(calls).toBeGreaterThan(1);
    expect(seen.sort()).toEqual([...expected].sort());
    expect(await store.pending(1000)).toEqual([]);
    expect(await client.exists(outboxDirtyKey(prefix))).toBe(0);
  });

  it('considers at most outboxBatchPerStream messages of one stream per call, in order', async () => {
    const prefix = nextPrefix();
    const store = storeOn(client, prefix, { outboxBatchPerStream: 3 });
    const hot = Array.from({ length: 8 }, (_, i) => `hot-${i}`);
    await appendMessages(store, { domain: 'hand', root: 'hot' }, hot);
    await appendMessages(store, { domain: 'hand', root: 'cold' }, ['cold-0']);

    expect((await store.pending(100)).map((m) => m.id)).toEqual([...hot.slice(0, 3), 'cold-0']);
    expect(await drain(store, prefix)).toEqual([...hot.slice(0, 3), 'cold-0', ...hot.slice(3)]);
  });

  it('acknowledges ids read by another instance, and ignores unknown or repeated ids', async () => {
    const prefix = nextPrefix();
    const reader = storeOn(client, prefix);
    const other = storeOn(client, prefix);
    const stream = { domain: 'hand', root: 'r-other' };
    await appendMessages(reader, stream, ['a', 'b', 'c']);
    expect((await reader.pending(10)).map((m) => m.id)).toEqual(['a', 'b', 'c']);

    await other.ack(['b', 'b', 'unknown']);
    expect((await reader.pending(10)).map((m) => m.id)).toEqual(['a', 'c']);
    await reader.ack(['a', 'c', 'a']);
    expect(await reader.pending(10)).toEqual([]);
    expect(await client.exists(outboxDirtyKey(prefix))).toBe(0);
  });

  it('clears markers left over empty queues by appends that wrote no message', async () => {
    const prefix = nextPrefix();
    const store = storeOn(client, prefix);
    const stream = { domain: 'hand', root: 'r-stale' };
    await store.append({ stream, expectedSequence: 0, pages: [pageAt(0)] });
    await expect(
      store.append({
        stream,
        expectedSequence: 0,
        pages: [pageAt(0)],
        outbox: [message('x', stream)],
      }),
    ).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    expect(await client.sismember(outboxDirtyKey(prefix), streamKeys(prefix, stream).base)).toBe(1);

    expect(await store.pending(10)).toEqual([]);
    expect(await client.exists(outboxDirtyKey(prefix))).toBe(0);
  });
});

describe('RedisEventStore outbox races', () => {
  it('keeps an append listed when an ack clears its marker between the marker and the script', async () => {
    const prefix = nextPrefix();
    const relay = storeOn(client, prefix);
    const stream = { domain: 'hand', root: 'r-race' };
    await appendMessages(relay, stream, ['first']);
    await relay.pending(10);
    // The appender's client acknowledges `first` (emptying the queue and clearing the marker)
    // right after the appender's SADD, before its script runs: the worst interleaving.
    let interleaved = false;
    const appenderClient = intercept(client, 'sadd', async (sadd) => {
      const added = await sadd();
      if (!interleaved) {
        interleaved = true;
        await relay.ack(['first']);
        expect(await client.exists(outboxDirtyKey(prefix))).toBe(0);
      }
      return added;
    });
    const appender = storeOn(appenderClient, prefix);

    await appendMessages(appender, stream, ['second']);

    expect(interleaved).toBe(true);
    expect((await relay.pending(10)).map((m) => m.id)).toEqual(['second']);
  });

  it("keeps an append listed when it lands inside an ack's unmarking, even if its appender dies", async () => {
    const prefix = nextPrefix();
    const stream = { domain: 'hand', root: 'r-unmarking' };
    const unmarked = signal();
    const scriptDone = signal();
    // The relay's SREM waits for the appender's script before the relay looks at the queue again.
    const relay = storeOn(
      intercept(client, 'srem', async (srem) => {
        const removed = await srem();
        unmarked.resolve();
        await scriptDone.promise;
        return removed;
      }),
      prefix,
    );
    await appendMessages(relay, stream, ['first']);
    await relay.pending(10);
    let acking: Promise<void> | undefined;
    let calls = 0;
    const dying = intercept(client, 'sadd', async (sadd) => {
      calls += 1;
      if (calls === 2) {
        // The appender's script has run; its own renewal never happens: it "died".
        scriptDone.resolve();
        throw new Error('process died');
      }
      const added = await sadd();
      acking = relay.ack(['first']);
      await unmarked.promise;
      return added;
    });

    await appendMessages(storeOn(dying, prefix), stream, ['second']);
    await acking;

    expect(calls).toBe(2);
    expect((await relay.pending(10)).map((m) => m.id)).toEqual(['second']);
  });

  it('re-lists, by sweeping, a queue whose appender died before renewing the marker an ack cleared', async () => {
    const prefix = nextPrefix();
    const relay = storeOn(client, prefix);
    const stream = { domain: 'hand', root: 'r-crash' };
    await appendMessages(relay, stream, ['first']);
    await relay.pending(10);
    let calls = 0;
    const dying = intercept(client, 'sadd', async (sadd) => {
      calls += 1;
      // The second SADD (after the script) never reaches Redis: the process "died".
      if (calls === 2) throw new Error('process died');
      const added = await sadd();
      await relay.ack(['first']);
      return added;
    });
    await appendMessages(storeOn(dying, prefix), stream, ['orphan']);
    expect(await relay.pending(10)).toEqual([]);

    expect(await relay.sweepOutbox()).toBe(1);
    expect((await relay.pending(10)).map((m) => m.id)).toEqual(['orphan']);
    // A store with the sweep on (the default) finds it on its first call.
    await client.srem(outboxDirtyKey(prefix), streamKeys(prefix, stream).base);
    const sweeping = new RedisEventStore(client, { keyPrefix: prefix, logger: silent });
    expect((await sweeping.pending(10)).map((m) => m.id)).toEqual(['orphan']);
  });

  it('sweeps through a client with a key prefix of its own, glob characters included', async () => {
    const prefix = nextPrefix();
    const prefixed = testRedis({ keyPrefix: `${prefix}:t[1]*:` });
    try {
      const store = storeOn(prefixed, 'app');
      const stream = { domain: 'hand', root: 'r-prefixed' };
      await appendMessages(store, stream, ['m1']);
      await prefixed.srem(outboxDirtyKey('app'), streamKeys('app', stream).base);
      expect(await store.sweepOutbox()).toBe(1);
      expect((await store.pending(10)).map((m) => m.id)).toEqual(['m1']);
    } finally {
      await prefixed.quit();
    }
  });

  it('loses no message while appenders and a relay run concurrently', async () => {
    const prefix = nextPrefix();
    const relayStore = storeOn(client, prefix);
    const appenders = Array.from({ length: 4 }, () => storeOn(client, prefix));
    const streams = Array.from({ length: 3 }, (_, i) => ({ domain: 'hand', root: `hot-${i}` }));
    const appended: string[] = [];
    const published = new Set<string>();
    let appending = true;

    const relay = (async () => {
      while (appending) {
        const batch = await relayStore.pending(5);
        for (const m of batch) published.add(m.id);
        await relayStore.ack(batch.map((m) => m.id));
      }
    })();
    await Promise.all(
      appenders.map(async (store, a) => {
        for (let n = 0; n < 60; n++) {
          const stream = streams[(a + n) % streams.length]!;
          const id = `a${a}-n${n}`;
          // Pages-free appends never conflict, so every one of them queues its message.
          await store.append({
            stream,
            expectedSequence: 0,
            pages: [],
            outbox: [message(id, stream)],
          });
          appended.push(id);
        }
      }),
    );
    appending = false;
    await relay;
    for (const id of await drain(relayStore, prefix, 5)) published.add(id);

    expect([...published].sort()).toEqual([...appended].sort());
  });
});

/** A view of `redis` whose SADD or SREM goes through `around`, which may run it, delay it or fail. */
function intercept(
  redis: Redis,
  command: 'sadd' | 'srem',
  around: (run: () => Promise<number>) => Promise<number>,
): Redis {
  return new Proxy(redis, {
    get(target, property, receiver) {
      if (property === command) {
        return (...args: Parameters<Redis['sadd']>) => around(() => target[command](...args));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

/** A promise with its resolver. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
