import { create } from '@bufbuild/protobuf';
import { anyPack } from '@bufbuild/protobuf/wkt';
import { isConcurrencyError } from '../../errors';
import { EventPageSchema, SnapshotSchema } from '../../gen/sagakit/v1/envelope_pb';
import { NoOpSchema } from '../../gen/sagakit/v1/failure_pb';
import type { OutboxMessage } from '../../ports';
import { MemoryEventStore } from './memory-event-store';

const stream = { domain: 'table', root: '6f1c1d2e-8f7a-4b5c-9d0e-1a2b3c4d5e6f' };
const page = (sequence: number, reason = `e${sequence}`) =>
  create(EventPageSchema, {
    sequence: BigInt(sequence),
    eventId: `event-${sequence}`,
    event: anyPack(NoOpSchema, create(NoOpSchema, { originalSequence: BigInt(sequence), reason })),
  });
const outboxMessage = (id: string): OutboxMessage => ({
  id,
  topic: 'sagakit.table.events',
  key: stream.root,
  value: new Uint8Array([1, 2, 3]),
  headers: { 'message-id': id },
});

describe('MemoryEventStore', () => {
  let store: MemoryEventStore;
  beforeEach(() => {
    store = new MemoryEventStore();
  });

  it('rejects malformed appends with a TypeError and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ stream, expectedSequence: 0, pages: [page(1)] }, 'pages must be consecutive'],
      [
        { stream, expectedSequence: -1, pages: [] },
        'expectedSequence must be a non-negative integer',
      ],
      [
        { stream, expectedSequence: 0, pages: [{ sequence: 0n }] },
        'pages[0] must be a sagakit.v1.EventPage',
      ],
      [{ stream: { domain: '', root: 'r' }, expectedSequence: 0, pages: [] }, 'stream.domain'],
      [{ stream, expectedSequence: 0, pages: [], dedup: { key: 'k', value: 'v' } }, 'dedup.value'],
      [
        {
          stream,
          expectedSequence: 0,
          pages: [page(0)],
          outbox: [outboxMessage('a'), outboxMessage('a')],
        },
        'appears twice',
      ],
      [
        { stream, expectedSequence: 0, pages: [page(0)], outbox: [{ id: 'x', topic: 't' }] },
        'outbox[0].key',
      ],
    ];
    for (const [request, message] of cases) {
      await expect(store.append(request as never)).rejects.toThrow(
        new RegExp(message.replace(/[[\]]/g, '\\$&')),
      );
    }
    expect(await store.load(stream)).toEqual({ pages: [], nextSequence: 0 });
    expect(await store.pending(10)).toEqual([]);
  });

  it('throws ConcurrencyError naming the stream and both sequences', async () => {
    await store.append({ stream, expectedSequence: 0, pages: [page(0)] });
    const error: unknown = await store
      .append({ stream, expectedSequence: 0, pages: [page(0)] })
      .catch((e: unknown) => e);
    expect(isConcurrencyError(error)).toBe(true);
    expect(error).toMatchObject({
      stream: `table/${stream.root}`,
      expectedSequence: 0,
      actualSequence: 1,
      retriable: true,
    });
  });

  it('keeps the latest snapshot and refuses one beyond the stream', async () => {
    await store.append({ stream, expectedSequence: 0, pages: [page(0), page(1), page(2)] });
    await store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 2n }));
    await store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 1n }));
    expect((await store.load(stream, { useSnapshot: true })).snapshot?.sequence).toBe(2n);
    await expect(
      store.saveSnapshot(stream, create(SnapshotSchema, { sequence: 3n })),
    ).rejects.toThrow('not a page of the stream');
  });

  it('nudges outbox listeners after the append, and survives a failing listener', async () => {
    const heard: string[][] = [];
    store.onOutbox(() => {
      throw new Error('listener bug');
    });
    const stop = store.onOutbox((messages) => heard.push(messages.map((m) => m.id)));
    const appending = store.append({
      stream,
      expectedSequence: 0,
      pages: [page(0)],
      outbox: [outboxMessage('a')],
    });
    expect(heard).toEqual([]);
    await appending;
    await Promise.resolve();
    expect(heard).toEqual([['a']]);
    stop();
    await store.append({
      stream,
      expectedSequence: 1,
      pages: [page(1)],
      outbox: [outboxMessage('b')],
    });
    await Promise.resolve();
    expect(heard).toEqual([['a']]);
    expect((await store.pending(10)).map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('lists the streams written to', async () => {
    const other = { domain: 'hand', root: stream.root };
    await store.append({ stream, expectedSequence: 0, pages: [page(0)] });
    await store.append({
      stream: other,
      expectedSequence: 0,
      pages: [],
      dedup: { key: 'k', value: new Uint8Array() },
    });
    expect(store.streams()).toEqual([stream, other]);
  });
});
