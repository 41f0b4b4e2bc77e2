import { expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { isConcurrencyError } from '../../errors/concurrency.error';
import { SnapshotSchema } from '../../gen/sagakit/v1/envelope_pb';
import { NoOpSchema } from '../../gen/sagakit/v1/failure_pb';
import {
  expectSamePages,
  outboxMessage,
  page,
  pages,
  pendingIds,
  type EventStoreTestContext,
} from './event-store-context';
import { bytes, itemAt } from './fixtures';

/** Appends, loads, optimistic concurrency, snapshots, isolation and copying. */
export function streamConformance(ctx: EventStoreTestContext): void {
  it(
    'loads a stream never written to as empty, at sequence 0',
    async () => {
      expect(await ctx.store.load(ctx.stream())).toEqual({ pages: [], nextSequence: 0 });
    },
    ctx.timeout,
  );

  it(
    'appends pages and loads them back in order',
    async () => {
      const stream = ctx.stream();
      const first = pages(0, 2);
      const second = pages(2, 1);
      expect(await ctx.store.append({ stream, expectedSequence: 0, pages: first })).toEqual({
        status: 'appended',
        nextSequence: 2,
      });
      expect(await ctx.store.append({ stream, expectedSequence: 2, pages: second })).toEqual({
        status: 'appended',
        nextSequence: 3,
      });
      const loaded = await ctx.store.load(stream);
      expect(loaded.nextSequence).toBe(3);
      expectSamePages(loaded.pages, [...first, ...second]);
    },
    ctx.timeout,
  );

  it(
    'refuses an append at a stale or a future sequence with ConcurrencyError, writing nothing',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({ stream, expectedSequence: 0, pages: pages(0, 2) });
      for (const expectedSequence of [0, 1, 3, 7]) {
        const error: unknown = await ctx.store
          .append({
            stream,
            expectedSequence,
            pages: pages(expectedSequence, 1, 'conflicting'),
            dedup: { key: `cmd-${expectedSequence}`, value: bytes('outcome') },
            outbox: [outboxMessage(`conflict-${expectedSequence}`, stream)],
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(isConcurrencyError(error)).toBe(true);
        expect(await ctx.store.findDedup(stream, `cmd-${expectedSequence}`)).toBeUndefined();
      }
      const loaded = await ctx.store.load(stream);
      expect(loaded.nextSequence).toBe(2);
      expectSamePages(loaded.pages, pages(0, 2));
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'lets exactly one of many concurrent appends at one sequence win',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({ stream, expectedSequence: 0, pages: pages(0, 1) });
      const contenders = Array.from({ length: 8 }, (_, i) => ({
        stream,
        expectedSequence: 1,
        pages: [page(1, `contender-${i}`)],
        dedup: { key: `contender-${i}`, value: bytes(`outcome-${i}`) },
        outbox: [outboxMessage(`contender-${i}`, stream)],
      }));
      const results = await Promise.allSettled(contenders.map((c) => ctx.store.append(c)));

      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0] ?? -1;
      for (const r of results)
        if (r.status === 'rejected') expect(isConcurrencyError(r.reason)).toBe(true);
      const loaded = await ctx.store.load(stream);
      expect(loaded.nextSequence).toBe(2);
      expectSamePages(loaded.pages.slice(1), [page(1, `contender-${winner}`)]);
      expect(await pendingIds(ctx.store)).toEqual([`contender-${winner}`]);
      for (let i = 0; i < contenders.length; i++) {
        const dedup = await ctx.store.findDedup(stream, `contender-${i}`);
        expect(dedup === undefined).toBe(i !== winner);
      }
    },
    ctx.timeout,
  );

  it(
    'refuses pages not numbered consecutively from expectedSequence with a TypeError',
    async () => {
      const stream = ctx.stream();
      const badRequests = [[page(1)], [page(0), page(2)], [page(0), page(0)]];
      for (const bad of badRequests) {
        await expect(
          ctx.store.append({
            stream,
            expectedSequence: 0,
            pages: bad,
            outbox: [outboxMessage('bad', stream)],
          }),
        ).rejects.toThrow(TypeError);
      }
      expect(await ctx.store.load(stream)).toEqual({ pages: [], nextSequence: 0 });
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'returns the latest snapshot and only the pages after it when asked',
    async () => {
      const stream = ctx.stream();
      const all = pages(0, 5);
      await ctx.store.append({ stream, expectedSequence: 0, pages: all });
      expect((await ctx.store.load(stream, { useSnapshot: true })).snapshot).toBeUndefined();
      const state = anyPack(
        NoOpSchema,
        create(NoOpSchema, { originalSequence: 2n, reason: 'state at 2' }),
      );
      await ctx.store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 2n, state }));

      const fromSnapshot = await ctx.store.load(stream, { useSnapshot: true });
      expect(fromSnapshot.snapshot?.sequence).toBe(2n);
      expect(fromSnapshot.snapshot?.state?.typeUrl).toBe(state.typeUrl);
      expect(Array.from(fromSnapshot.snapshot?.state?.value ?? [])).toEqual(
        Array.from(state.value),
      );
      expect(fromSnapshot.nextSequence).toBe(5);
      expectSamePages(fromSnapshot.pages, all.slice(3));
      const full = await ctx.store.load(stream);
      expectSamePages(full.pages, all);
      expect(full.nextSequence).toBe(5);
    },
    ctx.timeout,
  );

  it(
    'keeps streams apart by domain and by root',
    async () => {
      const a = ctx.stream('conformance-a');
      const sameRootOtherDomain = { domain: 'conformance-b', root: a.root };
      const sameDomainOtherRoot = ctx.stream('conformance-a');
      await ctx.store.append({
        stream: a,
        expectedSequence: 0,
        pages: pages(0, 2, 'a'),
        dedup: { key: 'shared-key', value: bytes('a') },
      });
      expect(await ctx.store.load(sameDomainOtherRoot)).toEqual({ pages: [], nextSequence: 0 });
      expect(await ctx.store.findDedup(sameRootOtherDomain, 'shared-key')).toBeUndefined();
      const b = await ctx.store.append({
        stream: sameRootOtherDomain,
        expectedSequence: 0,
        pages: pages(0, 1, 'b'),
        dedup: { key: 'shared-key', value: bytes('b') },
      });
      expect(b).toEqual({ status: 'appended', nextSequence: 1 });
      expectSamePages((await ctx.store.load(sameRootOtherDomain)).pages, pages(0, 1, 'b'));
      expectSamePages((await ctx.store.load(a)).pages, pages(0, 2, 'a'));
    },
    ctx.timeout,
  );

  it(
    'stores copies: changing a page after appending or loading it changes nothing stored',
    async () => {
      const stream = ctx.stream();
      const written = pages(0, 1);
      await ctx.store.append({ stream, expectedSequence: 0, pages: written });
      itemAt(written, 0).eventId = 'changed by the writer';
      const loaded = itemAt((await ctx.store.load(stream)).pages, 0);
      loaded.eventId = 'changed by a reader';
      loaded.event?.value.fill(0);
      expectSamePages((await ctx.store.load(stream)).pages, pages(0, 1));
    },
    ctx.timeout,
  );
}
