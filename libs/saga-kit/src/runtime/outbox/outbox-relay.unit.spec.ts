import { pino } from 'pino';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import type { OutboxMessage } from '../../ports/event-store.port';
import type { OutgoingMessage, Transport } from '../../ports/transport.port';
import { OutboxRelay } from './outbox-relay';

const logger = pino({ level: 'silent' });

function queued(id: string): OutboxMessage {
  return {
    id,
    topic: 'sagakit.hand.events',
    key: 'k',
    value: Uint8Array.from([1]),
    headers: { 'message-id': id },
  };
}

async function enqueue(store: MemoryEventStore, ...ids: string[]): Promise<void> {
  await store.append({
    stream: { domain: 'hand', root: '00000000-0000-4000-8000-000000000001' },
    expectedSequence: 0,
    pages: [],
    outbox: ids.map(queued),
  });
}

describe('OutboxRelay', () => {
  it('publishes every pending message in order, then acks them', async () => {
    const store = new MemoryEventStore();
    const transport = new MemoryTransport();
    await enqueue(store, 'a', 'b', 'c');
    const relay = new OutboxRelay({
      outbox: store,
      transport,
      logger,
      batchSize: 2,
      pollIntervalMs: 0,
    });
    await relay.flush();
    expect(transport.messages('sagakit.hand.events').map((m) => m.headers['message-id'])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(await store.pending(10)).toEqual([]);
  });

  it('keeps messages queued when publishing fails, and publishes them on the next round', async () => {
    const store = new MemoryEventStore();
    const published: OutgoingMessage[] = [];
    let up = false;
    const transport: Transport = {
      publish: (messages) =>
        up ? (published.push(...messages), Promise.resolve()) : Promise.reject(new Error('down')),
      subscribe: () => Promise.reject(new Error('unused')),
      close: () => Promise.resolve(),
    };
    await enqueue(store, 'a');
    const relay = new OutboxRelay({ outbox: store, transport, logger, pollIntervalMs: 0 });
    await expect(relay.flush()).rejects.toThrow('down');
    expect((await store.pending(10)).map((m) => m.id)).toEqual(['a']);
    up = true;
    await relay.flush();
    expect(published.map((m) => m.headers['message-id'])).toEqual(['a']);
    expect(await store.pending(10)).toEqual([]);
  });

  it('republishes when a crash comes between publish and ack (consumers deduplicate)', async () => {
    const store = new MemoryEventStore();
    const transport = new MemoryTransport();
    await enqueue(store, 'a');
    const crashing = {
      pending: (n: number) => store.pending(n),
      ack: () => Promise.reject(new Error('crash')),
    };
    await expect(
      new OutboxRelay({ outbox: crashing, transport, logger, pollIntervalMs: 0 }).flush(),
    ).rejects.toThrow('crash');
    await new OutboxRelay({ outbox: store, transport, logger, pollIntervalMs: 0 }).flush();
    expect(transport.messages('sagakit.hand.events').map((m) => m.headers['message-id'])).toEqual([
      'a',
      'a',
    ]);
  });

  it('shares one round between concurrent flushes and picks up messages queued meanwhile', async () => {
    const store = new MemoryEventStore();
    const transport = new MemoryTransport();
    await enqueue(store, 'a');
    const relay = new OutboxRelay({ outbox: store, transport, logger, pollIntervalMs: 0 });
    const first = relay.flush();
    await enqueue(store, 'b');
    const second = relay.flush();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(transport.messages('sagakit.hand.events').map((m) => m.headers['message-id'])).toEqual([
      'a',
      'b',
    ]);
  });

  describe('polling', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('drains messages queued without a nudge on its interval, and stops cleanly', async () => {
      const store = new MemoryEventStore();
      const transport = new MemoryTransport();
      const relay = new OutboxRelay({ outbox: store, transport, logger, pollIntervalMs: 50 });
      relay.start();
      await enqueue(store, 'polled');
      await jest.advanceTimersByTimeAsync(50);
      expect(await store.pending(10)).toEqual([]);

      await relay.stop();
      await enqueue(store, 'late');
      await jest.advanceTimersByTimeAsync(500);
      expect((await store.pending(10)).map((m) => m.id)).toEqual(['late']);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
