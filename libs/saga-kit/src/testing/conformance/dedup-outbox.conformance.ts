import { expect, it } from '@jest/globals';
import { isConcurrencyError } from '../../errors/concurrency.error';
import {
  expectSamePages,
  outboxMessage,
  pages,
  pendingIds,
  type EventStoreTestContext,
} from './event-store-context';
import { bytes, text } from './fixtures';

/** Idempotency records and the transactional outbox. */
export function dedupOutboxConformance(ctx: EventStoreTestContext): void {
  it(
    'answers a duplicate dedup key with the first value and writes nothing',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({
        stream,
        expectedSequence: 0,
        pages: pages(0, 1),
        dedup: { key: 'command-1', value: bytes('first outcome') },
        outbox: [outboxMessage('first', stream)],
      });
      const again = await ctx.store.append({
        stream,
        expectedSequence: 1,
        pages: pages(1, 1, 'again'),
        dedup: { key: 'command-1', value: bytes('second outcome') },
        outbox: [outboxMessage('second', stream)],
      });

      expect(again.status).toBe('duplicate');
      expect(again.status === 'duplicate' && text(again.value)).toBe('first outcome');
      const loaded = await ctx.store.load(stream);
      expect(loaded.nextSequence).toBe(1);
      expectSamePages(loaded.pages, pages(0, 1));
      expect(await pendingIds(ctx.store)).toEqual(['first']);
      expect(text((await ctx.store.findDedup(stream, 'command-1')) ?? bytes(''))).toBe(
        'first outcome',
      );
      expect(await ctx.store.findDedup(stream, 'never-recorded')).toBeUndefined();
    },
    ctx.timeout,
  );

  it(
    'reports a duplicate, not a conflict, when the stream has moved on since the first append',
    async () => {
      const stream = ctx.stream();
      const request = {
        stream,
        expectedSequence: 0,
        pages: pages(0, 1),
        dedup: { key: 'command-1', value: bytes('outcome') },
      };
      await ctx.store.append(request);
      await ctx.store.append({ stream, expectedSequence: 1, pages: pages(1, 1) });

      const redelivered = await ctx.store.append(request).catch((e: unknown) => e);
      expect(isConcurrencyError(redelivered)).toBe(false);
      expect(redelivered).toMatchObject({ status: 'duplicate' });
      expect((await ctx.store.load(stream)).nextSequence).toBe(2);
    },
    ctx.timeout,
  );

  it(
    'appends only a dedup record and outbox messages when there are no pages, at any expectedSequence',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({ stream, expectedSequence: 0, pages: pages(0, 2) });
      const rejection = {
        stream,
        expectedSequence: 0,
        pages: [],
        dedup: { key: 'rejected-command', value: bytes('rejected: insufficient_funds') },
        outbox: [outboxMessage('rejection-notice', stream)],
      };

      expect(await ctx.store.append(rejection)).toEqual({ status: 'appended', nextSequence: 2 });
      expect(text((await ctx.store.findDedup(stream, 'rejected-command')) ?? bytes(''))).toBe(
        'rejected: insufficient_funds',
      );
      expect(await pendingIds(ctx.store)).toEqual(['rejection-notice']);
      expect(await ctx.store.append(rejection)).toMatchObject({ status: 'duplicate' });
      expect(await pendingIds(ctx.store)).toEqual(['rejection-notice']);
      expectSamePages((await ctx.store.load(stream)).pages, pages(0, 2));
    },
    ctx.timeout,
  );

  it(
    'lists pending outbox messages oldest first, up to the limit, until they are acknowledged',
    async () => {
      const one = ctx.stream();
      const two = ctx.stream();
      await ctx.store.append({
        stream: one,
        expectedSequence: 0,
        pages: pages(0, 1),
        outbox: [outboxMessage('a', one), outboxMessage('b', one)],
      });
      await ctx.store.append({
        stream: two,
        expectedSequence: 0,
        pages: pages(0, 1),
        outbox: [outboxMessage('c', two)],
      });
      await ctx.store.append({
        stream: one,
        expectedSequence: 1,
        pages: pages(1, 1),
        outbox: [outboxMessage('d', one)],
      });

      const pending = await ctx.store.pending(10);
      expect(pending.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
      const expected = outboxMessage('c', two);
      const c = pending[2];
      expect(c && { ...c, value: text(c.value) }).toEqual({
        ...expected,
        value: text(expected.value),
      });
      expect(await pendingIds(ctx.store, 2)).toEqual(['a', 'b']);

      await ctx.store.ack(['a', 'c', 'unknown-id']);
      expect(await pendingIds(ctx.store)).toEqual(['b', 'd']);
      await ctx.store.ack([]);
      await ctx.store.ack(['b', 'd']);
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'queues nothing when an append fails',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({
        stream,
        expectedSequence: 0,
        pages: pages(0, 1),
        outbox: [outboxMessage('ok', stream)],
      });
      await ctx.store.ack(['ok']);
      const conflicting = ctx.store.append({
        stream,
        expectedSequence: 0,
        pages: pages(0, 1, 'late'),
        outbox: [outboxMessage('lost-race', stream)],
      });
      await expect(conflicting).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
      const malformed = ctx.store.append({
        stream,
        expectedSequence: 1,
        pages: pages(2, 1),
        outbox: [outboxMessage('malformed', stream)],
      });
      await expect(malformed).rejects.toThrow(TypeError);
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );
}
