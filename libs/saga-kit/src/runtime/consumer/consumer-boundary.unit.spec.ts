import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack, AnySchema } from '@bufbuild/protobuf/wkt';
import {
  BetPlacedSchema,
  HandStartedSchema,
  PlaceBetSchema,
  StartHandSchema,
} from '@poker/contracts';
import { pino } from 'pino';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { MemoryTransport } from '../../adapters/memory/memory-transport';
import { PoisonMessageError } from '../../errors/poison-message.error';
import { TransientError } from '../../errors/transient.error';
import { DeadLetterSchema } from '../../gen/sagakit/v1/dead_letter_pb';
import {
  CommandBookSchema,
  CoverSchema,
  EventBookSchema,
  EventPageSchema,
  NotificationSchema,
  RejectionNotificationSchema,
  ReturnAddressSchema,
} from '../../gen/sagakit/v1/envelope_pb';
import { NoOpSchema } from '../../gen/sagakit/v1/failure_pb';
import { Headers } from '../../messaging/headers';
import { newRoot, rootToString, uuidToBytes } from '../../messaging/ids';
import { Topics } from '../../messaging/topics';
import { decode, TYPE_URL_PREFIX } from '../../messaging/type-registry';
import type { IncomingMessage, OutgoingMessage, Transport } from '../../ports/transport.port';
import { pokerWorld } from '../../testing/fixtures';
import type { Harness } from '../../testing/harness';
import { DeadLetterPublisher, deadLetterIdOf } from '../dead-letter/dead-letter-publisher';
import { buildCommandBook } from '../envelope/command-book';
import { commandMessage } from '../envelope/outgoing-messages';
import { retryPolicy } from '../retry/retry-policy';
import { ConsumerBoundary } from './consumer-boundary';
import type { ParkingLot } from './parking-lot';

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

  it('empty value: invalid_message, the empty command book names no cover', async () => {
    const { letter } = await poisonThenValid({
      topic: topic(),
      key: hand,
      value: new Uint8Array(),
      headers: { [Headers.MessageId]: 'empty' },
    });
    expect(letter).toMatchObject({ reason: 'invalid_message', attempts: 1 });
    expect(letter?.error?.message).toBe('command has no cover');
  });

  it('a registered event type as the command: invalid_message naming the missing handler', async () => {
    const book = validBook();
    book.command = anyPack(HandStartedSchema, create(HandStartedSchema, {}));
    const { letter } = await poisonThenValid(commandMessage(h.topics, book));
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe(
      'aggregate HandFixture (hand) has no handler for poker.v1.HandStarted',
    );
  });

  it('an events envelope on a commands topic: a dead letter, not a handled command', async () => {
    const events = create(EventBookSchema, {
      cover: create(CoverSchema, { domain: 'hand', root: newRoot(), correlationId: 'c' }),
      pages: [
        create(EventPageSchema, {
          sequence: 0n,
          event: anyPack(HandStartedSchema, create(HandStartedSchema, {})),
          eventId: 'e1',
        }),
      ],
    });
    const { letter } = await poisonThenValid({
      topic: topic(),
      key: hand,
      value: toBinary(EventBookSchema, events),
      headers: { [Headers.MessageId]: 'events-on-commands' },
    });
    // Protobuf decodes it loosely as a command book; the checks of a command refuse it.
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe('command has no command_id');
  });

  it.each([
    [
      "the notifications topic of another domain than the return address's source",
      (t: Topics) => t.notifications('table'),
      /reply topic "sagakit\.table\.notifications" is not sagakit\.player\.notifications/,
    ],
    [
      "the commands topic of the source's domain",
      (t: Topics) => t.commands('player'),
      /reply topic "sagakit\.player\.commands" is not sagakit\.player\.notifications/,
    ],
  ])(
    'forged return address aiming rejections at %s: poison',
    async (_what, replyTopic, message) => {
      const book = validBook();
      book.returnAddress = create(ReturnAddressSchema, {
        source: create(CoverSchema, { domain: 'player', root: newRoot(), correlationId: 'c' }),
        saga: 'player-table',
        replyTopic: replyTopic(h.topics),
      });
      const { letter } = await poisonThenValid(commandMessage(h.topics, book));
      expect(letter?.reason).toBe('invalid_return_address');
      expect(letter?.error?.message).toMatch(message);
    },
  );

  it('return address without a saga name: poison', async () => {
    const book = validBook();
    book.returnAddress = create(ReturnAddressSchema, {
      source: create(CoverSchema, { domain: 'player', root: newRoot(), correlationId: 'c' }),
      replyTopic: h.topics.notifications('player'),
    });
    const { letter } = await poisonThenValid(commandMessage(h.topics, book));
    expect(letter?.reason).toBe('invalid_return_address');
    expect(letter?.error?.message).toBe('forged return address: no saga name');
  });

  it('a required header present but empty counts as missing', async () => {
    const message = commandMessage(h.topics, validBook());
    message.headers[Headers.MessageId] = '';
    const { letter } = await poisonThenValid(message);
    expect(letter?.reason).toBe('missing_header');
    expect(letter?.error?.message).toBe('missing header(s): message-id');
  });

  it('informative headers in the wrong format do not decide anything: the command is handled', async () => {
    const message = commandMessage(h.topics, validBook());
    Object.assign(message.headers, {
      [Headers.MessageId]: 'not-a-uuid',
      [Headers.CorrelationId]: 'not-a-uuid either',
      [Headers.Attempt]: 'many',
      [Headers.Source]: 'nowhere',
      [Headers.ReplayedFrom]: 'no-such-dead-letter',
      [Headers.MessageType]: 'type.googleapis.com/poker.v1.Nope',
    });
    await h.transport.publish([message]);
    await h.waitForIdle();
    expect(h.deadLetters('hand')).toEqual([]);
    expect((await h.history('hand', hand)).map((e) => e.$typeName)).toEqual([
      'poker.v1.HandStarted',
    ]);
  });
});

describe('consumer boundary: poison on notifications and events topics', () => {
  let h: Harness;
  let hand: string;

  beforeEach(async () => {
    h = (await pokerWorld()).harness;
    hand = rootToString(newRoot());
  });

  afterEach(async () => {
    await h.stop();
  });

  const handCover = (domain = 'hand') =>
    create(CoverSchema, { domain, root: uuidToBytes(hand), correlationId: 'flow-n' });

  /** The one dead letter a message published to the hand service left, once it is idle. */
  async function onlyLetter(message: OutgoingMessage) {
    await h.transport.publish([message]);
    await h.waitForIdle();
    const letters = h.deadLetters('hand');
    expect(letters).toHaveLength(1);
    return letters[0];
  }

  const notificationOf = (n: Parameters<typeof toBinary<typeof NotificationSchema>>[1]) => ({
    topic: h.topics.notifications('hand'),
    key: hand,
    value: toBinary(NotificationSchema, n),
    headers: { [Headers.MessageId]: n.notificationId || 'n' },
  });

  it('malformed notification bytes: undecodable, raw bytes kept', async () => {
    const value = Uint8Array.from([0x0f, 0x01, 0x02]);
    const letter = await onlyLetter({
      topic: h.topics.notifications('hand'),
      key: hand,
      value,
      headers: { [Headers.MessageId]: 'n1' },
    });
    expect(letter).toMatchObject({ reason: 'undecodable', sourceComponent: 'hand' });
    expect(letter?.error?.message).toMatch(/cannot decode Notification/);
    expect(letter?.payload).toEqual({ case: 'raw', value });
  });

  it('a notification payload of an unknown type URL: unknown_type', async () => {
    const letter = await onlyLetter(
      notificationOf(
        create(NotificationSchema, {
          cover: handCover(),
          notificationId: 'n2',
          payload: create(AnySchema, {
            typeUrl: `${TYPE_URL_PREFIX}poker.v1.NoSuchPayload`,
            value: Uint8Array.from([1, 2, 3]),
          }),
        }),
      ),
    );
    expect(letter?.reason).toBe('unknown_type');
    expect(letter?.error?.message).toMatch(/poker\.v1\.NoSuchPayload/);
    expect(letter?.payload.case).toBe('notification');
  });

  it('a registered type no notification handler takes: invalid_message', async () => {
    const letter = await onlyLetter(
      notificationOf(
        create(NotificationSchema, {
          cover: handCover(),
          notificationId: 'n3',
          payload: anyPack(StartHandSchema, create(StartHandSchema, {})),
        }),
      ),
    );
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe(
      'no handler for notification payload poker.v1.StartHand in domain hand',
    );
  });

  it("a notification for another domain on this domain's topic: invalid_message", async () => {
    const letter = await onlyLetter(
      notificationOf(
        create(NotificationSchema, {
          cover: handCover('table'),
          notificationId: 'n4',
          payload: anyPack(StartHandSchema, create(StartHandSchema, {})),
        }),
      ),
    );
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe('notification for domain table delivered to hand');
  });

  it('a notification without an id: invalid_message', async () => {
    const letter = await onlyLetter(
      notificationOf(
        create(NotificationSchema, {
          cover: handCover(),
          payload: anyPack(StartHandSchema, create(StartHandSchema, {})),
        }),
      ),
    );
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe('notification has no notification_id');
  });

  it('a rejection that does not carry the rejected command: invalid_message', async () => {
    const letter = await onlyLetter(
      notificationOf(
        create(NotificationSchema, {
          cover: handCover(),
          notificationId: 'n5',
          payload: anyPack(
            RejectionNotificationSchema,
            create(RejectionNotificationSchema, { rejectionReason: 'no_funds' }),
          ),
        }),
      ),
    );
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe('rejection notification without the rejected command');
  });

  const eventsOf = (book: Parameters<typeof toBinary<typeof EventBookSchema>>[1]) => ({
    topic: h.topics.events('hand'),
    key: hand,
    value: toBinary(EventBookSchema, book),
    headers: { [Headers.MessageId]: 'e' },
  });

  it('malformed event book bytes: a saga dead letter, undecodable', async () => {
    const value = Uint8Array.from([0x0f, 0xff]);
    const letter = await onlyLetter({
      topic: h.topics.events('hand'),
      key: hand,
      value,
      headers: { [Headers.MessageId]: 'e1' },
    });
    expect(letter).toMatchObject({
      reason: 'undecodable',
      sourceComponent: 'saga:hand-table',
      sourceComponentType: 'saga',
    });
    expect(letter?.error?.message).toMatch(/cannot decode EventBook/);
  });

  it("events of another domain on this domain's events topic: invalid_message", async () => {
    const letter = await onlyLetter(
      eventsOf(create(EventBookSchema, { cover: handCover('table') })),
    );
    expect(letter?.reason).toBe('invalid_message');
    expect(letter?.error?.message).toBe('saga hand-table consumes hand events, got table');
  });

  it('an event of a handled type whose bytes are malformed: undecodable', async () => {
    const letter = await onlyLetter(
      eventsOf(
        create(EventBookSchema, {
          cover: handCover(),
          pages: [
            create(EventPageSchema, {
              sequence: 0n,
              eventId: 'e2',
              event: create(AnySchema, {
                typeUrl: `${TYPE_URL_PREFIX}${BetPlacedSchema.typeName}`,
                value: Uint8Array.from([0x0f]),
              }),
            }),
          ],
        }),
      ),
    );
    expect(letter?.reason).toBe('undecodable');
    expect(letter?.error?.message).toMatch(/cannot decode event .*poker\.v1\.BetPlaced/);
  });

  it.each([
    ['another root', () => rootToString(newRoot())],
    ['nothing usable', () => ''],
  ])(
    'messages keyed by %s instead of their root: invalid_message, order would be lost',
    async (_what, key) => {
      const bad = key();
      const command = commandMessage(
        h.topics,
        buildCommandBook(h.registry, {
          domain: 'hand',
          root: hand,
          command: create(StartHandSchema, { tableId: newRoot() }),
        }),
      );
      const notification = notificationOf(
        create(NotificationSchema, {
          cover: handCover(),
          notificationId: 'n-keyed',
          payload: anyPack(NoOpSchema, create(NoOpSchema, {})),
        }),
      );
      const events = eventsOf(create(EventBookSchema, { cover: handCover() }));
      await h.transport.publish([
        { ...command, key: bad },
        { ...notification, key: bad },
        { ...events, key: bad },
      ]);
      await h.waitForIdle();
      const letters = h.deadLetters('hand');
      expect(letters.map((l) => [l.sourceComponent, l.reason])).toEqual(
        expect.arrayContaining([
          ['hand', 'invalid_message'],
          ['hand', 'invalid_message'],
          ['saga:hand-table', 'invalid_message'],
        ]),
      );
      expect(letters).toHaveLength(3);
      const keyed = `for hand/${hand} is keyed ${JSON.stringify(bad)}: messages are keyed by their aggregate's root`;
      expect(letters.map((l) => l.error?.message).sort()).toEqual([
        `command ${keyed}, which keeps them in order`,
        `events ${keyed}, which keeps them in order`,
        `notification ${keyed}, which keeps them in order`,
      ]);
      expect(await h.history('hand', hand)).toEqual([]);
      // Poison: no key is parked, neither the one delivered nor the aggregate's.
      for (const lane of ['hand', 'saga:hand-table']) {
        if (bad !== '') expect(await h.runtime.parking?.parked(lane, bad)).toEqual([]);
        expect(await h.runtime.parking?.parked(lane, hand)).toEqual([]);
      }
      await h.transport.publish([command]);
      await h.waitForIdle();
      expect((await h.history('hand', hand)).map((e) => e.$typeName)).toEqual([
        'poker.v1.HandStarted',
      ]);
    },
  );
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

  it('names every missing required header, and never calls the handler', async () => {
    const transport = new MemoryTransport();
    const strict = new ConsumerBoundary({
      component: 'hand',
      componentType: 'aggregate',
      domain: 'hand',
      deadLetters: new DeadLetterPublisher(transport, topics),
      clock,
      logger: pino({ level: 'silent' }),
      requiredHeaders: [Headers.MessageId, Headers.CorrelationId, Headers.Kind],
    });
    let calls = 0;
    await strict.wrap(() => Promise.resolve(void calls++))({
      ...message,
      headers: { [Headers.CorrelationId]: 'flow-1' },
    });
    expect(calls).toBe(0);
    const letter = decode(
      DeadLetterSchema,
      transport.messages(topics.dlq('hand'))[0]?.value ?? new Uint8Array(),
    );
    expect(letter).toMatchObject({
      reason: 'missing_header',
      error: { message: 'missing header(s): message-id, kind' },
    });
  });

  it('dead-letters a message without a key under its dead letter id, without parking a key', async () => {
    const transport = new MemoryTransport();
    const calls: string[] = [];
    const parking: ParkingLot = {
      parked: () => {
        calls.push('parked');
        return Promise.resolve([]);
      },
      park: () => {
        calls.push('park');
        return Promise.resolve();
      },
      unpark: () => {
        calls.push('unpark');
        return Promise.resolve(true);
      },
    };
    const keyless = new ConsumerBoundary({
      component: 'hand',
      componentType: 'aggregate',
      domain: 'hand',
      deadLetters: new DeadLetterPublisher(transport, topics),
      clock,
      logger: pino({ level: 'silent' }),
      parking,
    });
    await keyless.wrap(() => Promise.reject(new TypeError('bug')))({ ...message, key: null });
    expect(calls).toEqual([]);
    const [record] = transport.messages(topics.dlq('hand'));
    const letter = decode(DeadLetterSchema, record?.value ?? new Uint8Array());
    expect(letter).toMatchObject({ reason: 'handler_error', original: { key: new Uint8Array() } });
    expect(record?.key).toBe(letter.id);
  });

  it('a poison message delivered twice gets the same dead letter id both times', async () => {
    const transport = new MemoryTransport();
    const poison = boundary(transport).wrap(() =>
      Promise.reject(new PoisonMessageError('undecodable', 'garbage')),
    );
    await poison(message);
    await poison({ ...message });
    const ids = transport
      .messages(topics.dlq('hand'))
      .map((m) => decode(DeadLetterSchema, m.value).id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[0]).toBe(deadLetterIdOf(message));
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
