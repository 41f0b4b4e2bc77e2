import { expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { SnapshotSchema } from '../../gen/sagakit/v1/envelope_pb';
import type { AppendRequest, LoadOptions, StreamId } from '../../ports/event-store.port';
import {
  outboxMessage,
  pages,
  pendingIds,
  type EventStoreTestContext,
} from './event-store-context';
import { bytes, expectTypeError } from './fixtures';

/** Arguments outside the port's types, as an untyped caller (JavaScript, JSON) could pass them. */
const untyped = <T>(value: unknown): T => value as T;

/**
 * Bad input: every method refuses it with a TypeError naming the bad argument, before reading
 * or writing anything, never with an empty answer.
 */
export function inputConformance(ctx: EventStoreTestContext): void {
  it(
    'refuses a malformed stream id in every method with a TypeError naming the bad part',
    async () => {
      const root = ctx.stream().root;
      const badStreams: [unknown, RegExp][] = [
        [null, /stream\.domain/],
        [undefined, /stream\.domain/],
        [{ root }, /stream\.domain/],
        [{ domain: '', root }, /stream\.domain/],
        [{ domain: 7, root }, /stream\.domain/],
        [{ domain: 'conformance', root: '' }, /stream\.root/],
        [{ domain: 'conformance', root: 42 }, /stream\.root/],
        [{ domain: 'conformance' }, /stream\.root/],
        // `domain:root` must name one stream only, and ids must survive UTF-8.
        [{ domain: 'a:b', root }, /stream\.domain may not contain/],
        [{ domain: 'a{b}', root }, /stream\.domain may not contain/],
        [{ domain: 'hand\ud800', root }, /stream\.domain.*surrogate/],
        [{ domain: 'conformance', root: 'x\udfff' }, /stream\.root.*surrogate/],
      ];
      const snapshot = create(SnapshotSchema, { sequence: 0n });
      for (const [bad, message] of badStreams) {
        const stream = untyped<StreamId>(bad);
        await expectTypeError(() => ctx.store.load(stream), message);
        await expectTypeError(() => ctx.store.findDedup(stream, 'key'), message);
        await expectTypeError(() => ctx.store.saveSnapshot(stream, snapshot), message);
        await expectTypeError(
          () =>
            ctx.store.append({
              stream,
              expectedSequence: 0,
              pages: [],
              dedup: { key: 'k', value: bytes('v') },
              outbox: [outboxMessage('bad-stream', ctx.stream())],
            }),
          message,
        );
      }
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'takes any well-formed root, braces, colons and emoji included, as a stream of its own',
    async () => {
      const odd = { domain: 'conformance', root: `r:{${ctx.stream().root}}}{😀` };
      const prefix = { domain: 'conformance', root: odd.root.slice(0, 2) };
      await ctx.store.append({
        stream: odd,
        expectedSequence: 0,
        pages: pages(0, 1),
        dedup: { key: 'key:{}😀', value: bytes('odd') },
      });
      expect((await ctx.store.load(odd)).nextSequence).toBe(1);
      expect(await ctx.store.findDedup(odd, 'key:{}😀')).toEqual(bytes('odd'));
      expect((await ctx.store.load(prefix)).nextSequence).toBe(0);
    },
    ctx.timeout,
  );

  it(
    'takes load options as optional: undefined means the defaults, anything but an object is a TypeError',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({ stream, expectedSequence: 0, pages: pages(0, 1) });
      expect((await ctx.store.load(stream, undefined)).nextSequence).toBe(1);
      expect((await ctx.store.load(stream, {})).nextSequence).toBe(1);
      expect((await ctx.store.load(stream, { useSnapshot: undefined })).nextSequence).toBe(1);
      for (const bad of [null, 'useSnapshot', true, 1]) {
        await expectTypeError(() => ctx.store.load(stream, untyped<LoadOptions>(bad)), /options/);
      }
      for (const useSnapshot of ['yes', 1, null]) {
        await expectTypeError(
          () => ctx.store.load(stream, untyped<LoadOptions>({ useSnapshot })),
          /options\.useSnapshot/,
        );
      }
    },
    ctx.timeout,
  );

  it(
    'refuses an empty or non-string dedup key in findDedup and in append',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({
        stream,
        expectedSequence: 0,
        pages: pages(0, 1),
        dedup: { key: 'command-1', value: bytes('outcome') },
      });
      for (const key of ['', undefined, null, 42, 'command\ud800']) {
        await expectTypeError(() => ctx.store.findDedup(stream, untyped<string>(key)), /dedup key/);
        await expectTypeError(
          () =>
            ctx.store.append({
              stream,
              expectedSequence: 1,
              pages: pages(1, 1),
              dedup: { key: untyped<string>(key), value: bytes('outcome') },
            }),
          /dedup\.key/,
        );
      }
      expect((await ctx.store.load(stream)).nextSequence).toBe(1);
    },
    ctx.timeout,
  );

  it(
    'refuses an expectedSequence that is not a non-negative integer, writing nothing',
    async () => {
      const stream = ctx.stream();
      for (const expectedSequence of [-1, 1.5, Number.NaN, Infinity, 2 ** 53, '0', undefined]) {
        const request = untyped<AppendRequest>({
          stream,
          expectedSequence,
          pages: [],
          dedup: { key: `cmd-${String(expectedSequence)}`, value: bytes('outcome') },
          outbox: [outboxMessage('bad-sequence', stream)],
        });
        await expectTypeError(() => ctx.store.append(request), /expectedSequence/);
        expect(
          await ctx.store.findDedup(stream, `cmd-${String(expectedSequence)}`),
        ).toBeUndefined();
      }
      expect(await ctx.store.load(stream)).toEqual({ pages: [], nextSequence: 0 });
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'refuses pages, outbox messages and an append request of the wrong shape',
    async () => {
      const stream = ctx.stream();
      const base = { stream, expectedSequence: 0 };
      const bad: [unknown, RegExp][] = [
        [null, /append request/],
        [{ ...base }, /pages/],
        [{ ...base, pages: [{ sequence: 0n }] }, /pages\[0\]/],
        [{ ...base, pages: [], dedup: { key: 'k', value: 'v' } }, /dedup\.value/],
        [{ ...base, pages: [], outbox: outboxMessage('x', stream) }, /outbox/],
        [
          { ...base, pages: [], outbox: [{ ...outboxMessage('x', stream), id: '' }] },
          /outbox\[0\]\.id/,
        ],
        [
          { ...base, pages: [], outbox: [{ ...outboxMessage('x', stream), id: 'x\udc00' }] },
          /outbox\[0\]\.id.*surrogate/,
        ],
        [
          { ...base, pages: [], outbox: [outboxMessage('x', stream), outboxMessage('x', stream)] },
          /outbox\[1\]\.id/,
        ],
        [
          { ...base, pages: [], outbox: [{ ...outboxMessage('x', stream), topic: 'a topic' }] },
          /outbox\[0\]\.topic/,
        ],
      ];
      for (const [request, message] of bad) {
        await expectTypeError(() => ctx.store.append(untyped<AppendRequest>(request)), message);
      }
      expect(await ctx.store.load(stream)).toEqual({ pages: [], nextSequence: 0 });
      expect(await pendingIds(ctx.store)).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'refuses a snapshot that is not a Snapshot message or not of a page the stream has',
    async () => {
      const stream = ctx.stream();
      await ctx.store.append({ stream, expectedSequence: 0, pages: pages(0, 2) });
      for (const bad of [null, { sequence: 0n }, pages(0, 1)[0]]) {
        await expectTypeError(
          () => ctx.store.saveSnapshot(stream, untyped<never>(bad)),
          /snapshot must be/,
        );
      }
      await expectTypeError(
        () => ctx.store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 2n })),
        /snapshot\.sequence 2/,
      );
      await expectTypeError(
        () => ctx.store.saveSnapshot(ctx.stream(), create(SnapshotSchema, { sequence: 0n })),
        /snapshot\.sequence 0/,
      );
      expect((await ctx.store.load(stream, { useSnapshot: true })).snapshot).toBeUndefined();
    },
    ctx.timeout,
  );

  it(
    'refuses an outbox limit that is not a positive integer, and ack ids that are not strings',
    async () => {
      for (const limit of [0, -1, 1.5, Number.NaN, '10', undefined]) {
        await expectTypeError(() => ctx.store.pending(untyped<number>(limit)), /limit/);
      }
      const stream = ctx.stream();
      await ctx.store.append({
        stream,
        expectedSequence: 0,
        pages: [],
        outbox: [outboxMessage('kept', stream)],
      });
      for (const ids of [undefined, null, 'kept', [42], ['kept', null]]) {
        await expectTypeError(() => ctx.store.ack(untyped<string[]>(ids)), /ids/);
      }
      expect(await pendingIds(ctx.store)).toEqual(['kept']);
    },
    ctx.timeout,
  );
}
