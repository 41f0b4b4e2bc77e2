import { isPoisonMessageError } from '../../errors';
import type { IncomingMessage, OutgoingMessage } from '../../ports';
import { partitionForKey } from './key-partitioner';
import { MemoryTransport } from './memory-transport';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array): string => new TextDecoder().decode(value);
const msg = (topic: string, key: string, value: string): OutgoingMessage => ({
  topic,
  key,
  value: bytes(value),
  headers: {},
});

describe('MemoryTransport', () => {
  let transport: MemoryTransport;
  beforeEach(() => {
    transport = new MemoryTransport({ redeliveryDelayMs: 1 });
  });
  afterEach(() => transport.close());

  it('creates topics on first use with the configured partition count, and on demand', async () => {
    const custom = new MemoryTransport({ partitions: 2 });
    await custom.publish([msg('a', 'k', 'v')]);
    custom.createTopic('b', 6);
    custom.createTopic('b', 6);
    expect(custom.inspect().topics).toEqual([
      { name: 'a', partitions: 2, messages: 1 },
      { name: 'b', partitions: 6, messages: 0 },
    ]);
    expect(() => custom.createTopic('b', 3)).toThrow(/exists with 6 partitions/);
    await custom.close();
  });

  it('refuses invalid options with a TypeError naming them', () => {
    expect(() => new MemoryTransport({ partitions: 0 })).toThrow(/partitions/);
    expect(() => new MemoryTransport({ maxMessageBytes: 1.5 })).toThrow(/maxMessageBytes/);
    expect(() => new MemoryTransport({ redeliveryDelayMs: -1 })).toThrow(/redeliveryDelayMs/);
    expect(() => new MemoryTransport({ redeliveryDelayMs: Number.NaN })).toThrow(
      /redeliveryDelayMs/,
    );
    expect(() => new MemoryTransport({ redeliveryDelayMs: '5' as never })).toThrow(
      /redeliveryDelayMs/,
    );
  });

  it('puts a key on the partition its hash chooses and numbers offsets per partition', async () => {
    await transport.publish([msg('t', 'k1', 'a'), msg('t', 'k1', 'b'), msg('t', 'k2', 'c')]);
    const published = transport.messages('t');
    expect(published.map((m) => [m.key, m.partition, text(m.value)])).toEqual([
      ['k1', partitionForKey('k1', 4), 'a'],
      ['k1', partitionForKey('k1', 4), 'b'],
      ['k2', partitionForKey('k2', 4), 'c'],
    ]);
    expect(published.slice(0, 2).map((m) => m.offset)).toEqual(['0', '1']);
  });

  it('never calls a handler inside publish', async () => {
    let inside = false;
    const calls: boolean[] = [];
    await transport.subscribe({ groupId: 'g', topics: ['t'] }, () => {
      calls.push(inside);
      return Promise.resolve();
    });
    inside = true;
    const publishing = transport.publish([msg('t', 'k', 'v')]);
    inside = false;
    await publishing;
    await transport.whenIdle();
    expect(calls).toEqual([false]);
  });

  it('copies messages in and out, so nobody can change what another consumer receives', async () => {
    const value = bytes('original');
    const headers = { h: 'v' };
    const seen: string[] = [];
    const mutate = (m: IncomingMessage): Promise<void> => {
      seen.push(`${text(m.value)}/${m.headers.h ?? ''}`);
      m.value.fill(0);
      m.headers.h = 'changed';
      return Promise.resolve();
    };
    await transport.subscribe({ groupId: 'g1', topics: ['t'] }, mutate);
    await transport.subscribe({ groupId: 'g2', topics: ['t'] }, mutate);
    await transport.publish([{ topic: 't', key: 'k', value, headers }]);
    value.fill(0);
    headers.h = 'caller';
    await transport.whenIdle();
    expect(seen).toEqual(['original/v', 'original/v']);
    expect(text(transport.messages('t')[0]!.value)).toBe('original');
  });

  it('rejects bad input with a clear TypeError and publishes nothing of a bad batch', async () => {
    const bad = {
      topic: 't',
      key: 'k',
      value: 'not bytes',
      headers: {},
    } as unknown as OutgoingMessage;
    await expect(transport.publish([msg('t', 'k', 'ok'), bad])).rejects.toThrow(
      'messages[1].value must be a Uint8Array',
    );
    await expect(transport.publish([msg('bad topic!', 'k', 'v')])).rejects.toThrow(TypeError);
    await expect(
      transport.publish([
        { ...msg('t', 'k', 'v'), headers: { n: 1 } as unknown as Record<string, string> },
      ]),
    ).rejects.toThrow('messages[0].headers["n"] must be a string');
    await expect(transport.subscribe({ groupId: 'g' }, () => Promise.resolve())).rejects.toThrow(
      'a subscription needs topics or a topicPattern',
    );
    await expect(
      transport.subscribe({ groupId: '', topics: ['t'] }, () => Promise.resolve()),
    ).rejects.toThrow('groupId');
    expect(transport.messages('t')).toEqual([]);
  });

  it('rejects an oversized message as poison, naming its size, and publishes nothing of the batch', async () => {
    const small = new MemoryTransport({ maxMessageBytes: 100 });
    const over = { topic: 't', key: 'kk', value: new Uint8Array(99), headers: {} };
    const error: unknown = await small
      .publish([msg('t', 'k', 'ok'), over])
      .catch((e: unknown) => e);
    expect(isPoisonMessageError(error) && error.reason).toBe('oversized');
    expect((error as Error).message).toContain('101 bytes');
    expect(small.messages('t')).toEqual([]);
    await small.publish([{ ...over, key: 'k' }]);
    expect(small.messages('t')).toHaveLength(1);
    await small.close();
  });

  it('keeps redelivering a failing message, reports it, and whenIdle can ignore it', async () => {
    const failures: string[] = [];
    const failing = new MemoryTransport({
      redeliveryDelayMs: 1,
      onHandlerError: (f) => failures.push(`${f.groupId}:${f.offset}:${f.attempts}`),
    });
    const handled: string[] = [];
    await failing.subscribe({ groupId: 'g', topics: ['t'] }, (m) => {
      if (text(m.value) === 'bad') return Promise.reject(new Error('boom'));
      handled.push(text(m.value));
      return Promise.resolve();
    });
    await failing.publish([msg('t', 'k', 'good'), msg('t', 'k', 'bad'), msg('t', 'k', 'after')]);
    await failing.whenIdle({ allowFailing: true });
    while (failures.length < 3)
      await failing.whenIdle({ allowFailing: true }).then(() => new Promise(setImmediate));
    expect(handled).toEqual(['good']);
    expect(failures.slice(0, 3)).toEqual(['g:1:1', 'g:1:2', 'g:1:3']);
    expect(failing.failing()).toEqual([
      expect.objectContaining({ topic: 't', offset: '1', error: new Error('boom') }),
    ]);
    let idle = false;
    void failing.whenIdle().then(() => (idle = true));
    await failing.whenIdle({ allowFailing: true });
    expect(idle).toBe(false);
    await failing.close();
    expect(idle).toBe(true);
  });

  it('resumes a group from its committed offset, and starts a new group at the end when asked', async () => {
    const seen: string[] = [];
    const record = (tag: string) => (m: IncomingMessage) => {
      seen.push(`${tag}:${text(m.value)}`);
      return Promise.resolve();
    };
    const first = await transport.subscribe({ groupId: 'g', topics: ['t'] }, record('first'));
    await transport.publish([msg('t', 'k', '1'), msg('t', 'k', '2')]);
    await transport.whenIdle();
    await first.close();
    await transport.publish([msg('t', 'k', '3')]);
    await transport.subscribe(
      { groupId: 'g', topics: ['t'], fromBeginning: false },
      record('again'),
    );
    await transport.subscribe(
      { groupId: 'late', topics: ['t'], fromBeginning: false },
      record('late'),
    );
    await transport.publish([msg('t', 'k', '4')]);
    await transport.whenIdle();
    // Order is per group; groups progress independently.
    expect(seen.sort()).toEqual(['again:3', 'again:4', 'first:1', 'first:2', 'late:4']);
  });

  it('rebalances between messages: a partition never has two messages in flight', async () => {
    transport.createTopic('one', 1);
    let inFlight = 0;
    let maxInFlight = 0;
    const handledBy = new Map<string, string>();
    const handler = (member: string) => async (m: IncomingMessage) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(setImmediate);
      handledBy.set(text(m.value), member);
      inFlight--;
    };
    const a = await transport.subscribe({ groupId: 'g', topics: ['one'] }, handler('a'));
    await transport.publish(Array.from({ length: 20 }, (_, i) => msg('one', `k${i}`, String(i))));
    while (handledBy.size < 5) await new Promise(setImmediate);
    const closing = a.close();
    await transport.subscribe({ groupId: 'g', topics: ['one'] }, handler('b'));
    await closing;
    await transport.whenIdle();
    expect(maxInFlight).toBe(1);
    expect(handledBy.size).toBe(20);
    expect(handledBy.get('19')).toBe('b');
    expect(transport.inspect().groups[0]?.partitions[0]).toMatchObject({ committed: 20, end: 20 });
  });

  it('refuses to publish or subscribe once closed', async () => {
    await transport.close();
    await expect(transport.publish([msg('t', 'k', 'v')])).rejects.toThrow('closed');
    await expect(
      transport.subscribe({ groupId: 'g', topics: ['t'] }, () => Promise.resolve()),
    ).rejects.toThrow('closed');
  });
});
