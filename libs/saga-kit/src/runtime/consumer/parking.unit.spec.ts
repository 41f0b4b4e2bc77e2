import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryEventStore } from '../../adapters/memory/memory-event-store';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { PoisonMessageError } from '../../errors/poison-message.error';
import { DeadLetterSchema, type DeadLetter } from '../../gen/sagakit/v1/dead_letter_pb';
import { Headers } from '../../messaging/headers';
import { Topics } from '../../messaging/topics';
import { decode } from '../../messaging/type-registry';
import type { IncomingMessage } from '../../ports/transport.port';
import { DeadLetterPublisher, deadLetterIdOf } from '../dead-letter/dead-letter-publisher';
import { retryPolicy } from '../retry/retry-policy';
import { ConsumerBoundary } from './consumer-boundary';
import { EventStoreParkingLot, PARKING_STREAM_DOMAIN, queueOf } from './parking-lot';

const topics = new Topics('test');
const TOPIC = topics.commands('hand');
const LANE = 'hand';

describe('parking: a key waits behind its dead letter until it is replayed or discarded', () => {
  let store: MemoryEventStore;
  let lot: EventStoreParkingLot;
  let transport: MemoryTransport;
  let offset: number;
  /** Message ids the handler fails on (a bug for those messages), and those it handled. */
  let failing: Set<string>;
  let handled: string[];
  let handler: (message: IncomingMessage) => Promise<void>;

  beforeEach(() => {
    store = new MemoryEventStore();
    lot = new EventStoreParkingLot(store);
    transport = new MemoryTransport();
    offset = 0;
    failing = new Set();
    handled = [];
    const boundary = new ConsumerBoundary({
      component: LANE,
      componentType: 'aggregate',
      domain: 'hand',
      deadLetters: new DeadLetterPublisher(transport, topics),
      clock: new ManualClock(new Date('2026-01-01T00:00:00Z')),
      logger: pino({ level: 'silent' }),
      retry: retryPolicy({ retries: 0 }),
      parking: lot,
    });
    handler = boundary.wrap((message) => {
      const id = message.headers[Headers.MessageId] ?? '';
      if (id.startsWith('garbage')) {
        return Promise.reject(new PoisonMessageError('undecodable', 'not a CommandBook'));
      }
      if (failing.has(id)) return Promise.reject(new Error(`bug handling ${id}`));
      handled.push(id);
      return Promise.resolve();
    });
  });

  /** A message at the next offset of the topic's partition 0. */
  function live(id: string, key = 'k1', headers: Record<string, string> = {}): IncomingMessage {
    return {
      topic: TOPIC,
      partition: 0,
      offset: String(offset++),
      key,
      value: Buffer.from(id),
      headers: { [Headers.MessageId]: id, ...headers },
    };
  }
  /** What the DLQ worker republishes for a dead letter: a new message with `replayed-from`. */
  const replayOf = (letter: DeadLetter, id: string): IncomingMessage =>
    live(id, 'k1', { [Headers.ReplayedFrom]: letter.id });
  const letters = (): DeadLetter[] =>
    transport.messages(topics.dlq('hand')).map((m) => decode(DeadLetterSchema, m.value));
  const letterOf = (id: string): DeadLetter => {
    const found = letters().filter((l) => l.original?.headers[Headers.MessageId] === id);
    if (found.length === 0) throw new Error(`no dead letter for ${id}`);
    return found[found.length - 1]!;
  };
  const queue = () => lot.parked(LANE, 'k1');

  it('parks the later messages of a key behind a failed one, in order; other keys flow', async () => {
    failing.add('m1');
    const m1 = live('m1');
    await handler(m1);
    await handler(live('m2'));
    await handler(live('other', 'k2'));
    await handler(live('m3'));

    expect(handled).toEqual(['other']);
    expect(letters().map((l) => [l.original?.headers[Headers.MessageId], l.reason])).toEqual([
      ['m1', 'handler_error'],
      ['m2', 'parked'],
      ['m3', 'parked'],
    ]);
    expect(letterOf('m2').error).toMatchObject({
      type: 'ParkedMessageError',
      message: expect.stringContaining(deadLetterIdOf(m1)) as unknown,
    });
    expect(letterOf('m2').attempts).toBe(0);
    expect(await queue()).toEqual([letterOf('m1').id, letterOf('m2').id, letterOf('m3').id]);
    expect(await lot.parked(LANE, 'k2')).toEqual([]);
  });

  it('lets the key flow again once its dead letters are replayed in order', async () => {
    failing.add('m1');
    await handler(live('m1'));
    await handler(live('m2'));
    failing.delete('m1'); // the bug is fixed

    await handler(replayOf(letterOf('m1'), 'r1'));
    expect(handled).toEqual(['r1']);
    expect(await queue()).toEqual([letterOf('m2').id]);
    // m2 is still parked: a live message must not overtake it.
    await handler(live('m4'));
    expect(handled).toEqual(['r1']);

    await handler(replayOf(letterOf('m2'), 'r2'));
    await handler(replayOf(letterOf('m4'), 'r4'));
    expect(handled).toEqual(['r1', 'r2', 'r4']);
    expect(await queue()).toEqual([]);
    await handler(live('m5'));
    expect(handled).toEqual(['r1', 'r2', 'r4', 'm5']);
  });

  it('keeps the queue order when a replay fails again or comes out of order', async () => {
    failing.add('m1');
    await handler(live('m1'));
    await handler(live('m2'));
    const [first, second] = [letterOf('m1').id, letterOf('m2').id];

    // The follower replayed first: parked again, in its own place.
    await handler(replayOf(letterOf('m2'), 'r2'));
    const secondAgain = letterOf('r2');
    expect(secondAgain).toMatchObject({ reason: 'parked' });
    expect(await queue()).toEqual([first, secondAgain.id]);

    // The head replayed while the bug is still there: its new dead letter takes its place.
    failing.add('r1');
    await handler(replayOf(letterOf('m1'), 'r1'));
    const firstAgain = letterOf('r1');
    expect(firstAgain).toMatchObject({ reason: 'handler_error' });
    expect(await queue()).toEqual([firstAgain.id, secondAgain.id]);
    expect(handled).toEqual([]);
    expect(second).not.toBe(secondAgain.id);
  });

  it('handles the head again when it is redelivered after parking (a crash before the commit)', async () => {
    failing.add('m1');
    const m1 = live('m1');
    await handler(m1);
    failing.delete('m1');
    await handler(m1); // the same topic, partition and offset
    expect(handled).toEqual(['m1']);
    expect(await queue()).toEqual([]);
    // The same message parked twice is still one place in the queue.
    failing.add('m6');
    const m6 = live('m6');
    await handler(m6);
    await handler(live('m7'));
    await handler(live('m7-again'));
    await lot.park(LANE, 'k1', deadLetterIdOf(m6), 'handler_error');
    expect(await queue()).toHaveLength(3);
  });

  it('does not park a key behind a poison message: it has no effect to keep in order', async () => {
    await handler(live('garbage-1'));
    await handler(live('m2'));
    expect(letters().map((l) => l.reason)).toEqual(['undecodable']);
    expect(handled).toEqual(['m2']);
    expect(await queue()).toEqual([]);
  });

  it('frees the key when an operator discards its head (as the DLQ worker does)', async () => {
    failing.add('m1');
    await handler(live('m1'));
    await handler(live('m2'));
    expect(await lot.unpark(LANE, 'k1', letterOf('m1').id, { reason: 'discarded' })).toBe(true);
    expect(await lot.unpark(LANE, 'k1', letterOf('m1').id, { reason: 'discarded' })).toBe(false);
    expect(await queue()).toEqual([letterOf('m2').id]);
    await handler(replayOf(letterOf('m2'), 'r2'));
    expect(handled).toEqual(['r2']);
    expect(await queue()).toEqual([]);
  });

  it('stores each queue as a stream of its own, and parks concurrently without losing one', async () => {
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((id) => lot.park(LANE, 'k9', id, 'handler_error')),
    );
    const loaded = await store.load({ domain: PARKING_STREAM_DOMAIN, root: `${LANE}/k9` });
    expect(queueOf(loaded.pages).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await expect(lot.park(LANE, '', 'x', 'handler_error')).rejects.toThrow(TypeError);
    await expect(lot.park(LANE, 'k9', '', 'handler_error')).rejects.toThrow(TypeError);
  });
});
