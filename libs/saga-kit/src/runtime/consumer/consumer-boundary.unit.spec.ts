import { create, toBinary } from '@bufbuild/protobuf';
import { PlaceBetSchema, StartHandSchema } from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { TransientError } from '../../errors/transient.error';
import { DeadLetterSchema } from '../../gen/sagakit/v1/dead_letter_pb';
import {
  CommandBookSchema,
  CoverSchema,
  ReturnAddressSchema,
} from '../../gen/sagakit/v1/envelope_pb';
import { Headers } from '../../messaging/headers';
import { newRoot, rootToString } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode } from '../../messaging/type-registry';
import type { IncomingMessage, OutgoingMessage, Transport } from '../../ports/transport.port';
import { pokerWorld } from '../../testing/fixtures';
import type { Harness } from '../../testing/harness';
import { DeadLetterPublisher } from '../dead-letter/dead-letter-publisher';
import { buildCommandBook } from '../envelope/command-book';
import { commandMessage } from '../envelope/outgoing-messages';
import { retryPolicy } from '../retry/retry-policy';
import { ConsumerBoundary } from './consumer-boundary';

describe('consumer boundary: poison messages become dead letters and the consumer moves on', () => {
  let h: Harness;
  let hand: string;

  beforeEach(async () => {
    h = (await pokerWorld({ maxMessageBytes: 4096 })).harness;
    hand = rootToString(newRoot());
  });

  afterEach(async () => {
    await h.stop();
  });

  const topic = () => h.topics.commands('hand');
  const validBook = (extra: Partial<Parameters<typeof buildCommandBook>[1]> = {}) =>
    buildCommandBook(h.registry, {
      domain: 'hand',
      root: hand,
      command: create(StartHandSchema, { tableId: newRoot() }),
      ...extra,
    });

  /** Publishes a poison message, then a valid command for the same aggregate behind it. */
  async function poisonThenValid(message: OutgoingMessage) {
    await h.transport.publish([message]);
    await h.transport.publish([commandMessage(h.topics, validBook())]);
    await h.waitForIdle();
    const letters = h.deadLetters('hand');
    expect(letters).toHaveLength(1);
    // The consumer moved on: the valid command behind the poison one was handled.
    expect((await h.history('hand', hand)).map((e) => e.$typeName)).toEqual([
      'poker.v1.HandStarted',
    ]);
    const [record] = h.transport.messages(h.topics.dlq('hand'));
    return { letter: letters[0], headers: record?.headers ?? {} };
  }

  it('malformed protobuf: undecodable, with the raw bytes kept', async () => {
    const value = Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x01, 0x02]);
    const { letter, headers } = await poisonThenValid({
      topic: topic(),
      key: hand,
      value,
      headers: { [Headers.MessageId]: 'm1' },
    });
    expect(letter).toMatchObject({
      reason: 'undecodable',
      attempts: 1,
      sourceComponent: 'hand',
      sourceComponentType: 'aggregate',
    });
    expect(letter?.payload).toEqual({ case: 'raw', value });
    expect(letter?.original).toMatchObject({
      topic: topic(),
      offset: '0',
      headers: { [Headers.MessageId]: 'm1' },
    });
    expect(headers).toMatchObject({
      [Headers.Kind]: 'dead-letter',
      [Headers.DlqReason]: 'undecodable',
      [Headers.DlqOriginalTopic]: topic(),
      [Headers.DlqAttempts]: '1',
      [Headers.DlqComponent]: 'hand',
      [Headers.DlqErrorType]: 'PoisonMessageError',
    });
  });

  it('unknown type URL: unknown_type, with the decoded command book', async () => {
    const book = validBook();
    book.command = {
      $typeName: 'google.protobuf.Any',
      typeUrl: 'type.googleapis.com/poker.v1.Nope',
      value: new Uint8Array(),
    };
    const { letter } = await poisonThenValid(commandMessage(h.topics, book));
    expect(letter?.reason).toBe('unknown_type');
    expect(letter?.error?.message).toMatch(/poker\.v1\.Nope/);
    expect(letter?.payload.case).toBe('command');
  });

  it('missing required header: missing_header', async () => {
    const message = commandMessage(h.topics, validBook());
    delete message.headers[Headers.MessageId];
    const { letter } = await poisonThenValid(message);
    expect(letter?.reason).toBe('missing_header');
    expect(letter?.error?.message).toMatch(/message-id/);
  });

  it('forged return address: a reply topic outside this system is poison', async () => {
    const book = validBook();
    book.returnAddress = create(ReturnAddressSchema, {
      source: create(CoverSchema, { domain: 'player', root: newRoot(), correlationId: 'c' }),
      saga: 'player-table',
      replyTopic: 'attacker.inbox',
    });
    const { letter } = await poisonThenValid(commandMessage(h.topics, book));
    expect(letter?.reason).toBe('invalid_return_address');
    expect(letter?.error?.message).toMatch(/forged return address/);
  });

  it('return address without a source cover: poison', async () => {
    const book = validBook();
    book.returnAddress = create(ReturnAddressSchema, {
      saga: 'x',
      replyTopic: h.topics.notifications('hand'),
    });
    const { letter } = await poisonThenValid(commandMessage(h.topics, book));
    expect(letter?.reason).toBe('invalid_return_address');
  });

  it('oversized message: oversized, raw bytes kept', async () => {
    const book = validBook({ command: create(PlaceBetSchema, { playerId: new Uint8Array(5000) }) });
    const message = commandMessage(h.topics, book);
    const { letter } = await poisonThenValid(message);
    expect(letter?.reason).toBe('oversized');
    expect(letter?.payload).toEqual({ case: 'raw', value: message.value });
  });
});

describe('consumer boundary: retries and dead-letter failures', () => {
  const topics = new Topics();
  const clock = new ManualClock();
  const message: IncomingMessage = {
    topic: 'sagakit.hand.commands',
    partition: 2,
    offset: '41',
    key: 'k',
    value: toBinary(CommandBookSchema, create(CommandBookSchema, { commandId: 'c1' })),
    headers: { [Headers.MessageId]: 'c1', [Headers.CorrelationId]: 'flow-1' },
  };

  function boundary(transport: Transport, delays: number[] = []) {
    return new ConsumerBoundary({
      component: 'hand',
      componentType: 'aggregate',
      domain: 'hand',
      deadLetters: new DeadLetterPublisher(transport, topics),
      clock,
      logger: pino({ level: 'silent' }),
      retry: retryPolicy({ retries: 3, initialDelayMs: 10, jitter: 0 }),
      sleep: (ms) => (delays.push(ms), Promise.resolve()),
    });
  }

  it('retries retriable errors in place with backoff, then dead-letters as retries_exhausted', async () => {
    const transport = new MemoryTransport();
    const delays: number[] = [];
    let calls = 0;
    await boundary(transport, delays).wrap(() => {
      calls++;
      return Promise.reject(new TransientError('redis unavailable'));
    })(message);
    expect(calls).toBe(4);
    expect(delays).toEqual([10, 20, 40]);
    const [record] = transport.messages(topics.dlq('hand'));
    const letter = decode(DeadLetterSchema, record?.value ?? new Uint8Array());
    expect(letter).toMatchObject({ reason: 'retries_exhausted', attempts: 4 });
    expect(letter.error).toMatchObject({ type: 'TransientError', message: 'redis unavailable' });
    expect(letter.original).toMatchObject({ topic: message.topic, partition: 2, offset: '41' });
    expect(record?.headers[Headers.CorrelationId]).toBe('flow-1');
  });

  it('succeeds without a dead letter when a retry works', async () => {
    const transport = new MemoryTransport();
    let calls = 0;
    await boundary(transport).wrap(() =>
      ++calls < 3 ? Promise.reject(new TransientError('blip')) : Promise.resolve(),
    )(message);
    expect(calls).toBe(3);
    expect(transport.messages(topics.dlq('hand'))).toEqual([]);
  });

  it('never retries a programming error: one attempt, handler_error', async () => {
    const transport = new MemoryTransport();
    let calls = 0;
    await boundary(transport).wrap(() => {
      calls++;
      return Promise.reject(new TypeError('undefined is not a function'));
    })(message);
    expect(calls).toBe(1);
    const letter = decode(
      DeadLetterSchema,
      transport.messages(topics.dlq('hand'))[0]?.value ?? new Uint8Array(),
    );
    expect(letter).toMatchObject({
      reason: 'handler_error',
      attempts: 1,
      error: { type: 'TypeError' },
    });
  });

  it('rejects, for the transport to redeliver, when even the dead letter cannot be published', async () => {
    const down: Transport = {
      publish: () => Promise.reject(new Error('broker down')),
      subscribe: () => Promise.reject(new Error('unused')),
      close: () => Promise.resolve(),
    };
    await expect(
      boundary(down).wrap(() => Promise.reject(new TypeError('bug')))(message),
    ).rejects.toThrow('broker down');
  });
});
