import { expect, it } from '@jest/globals';
import type { OutgoingMessage } from '../../ports/transport.port';
import { bytes, escapeRegExp, text } from './fixtures';
import { Recorder, type TransportTestContext } from './transport-context';
import { holdsWithin } from './wait-for';

const message = (topic: string, key: string, value: string): OutgoingMessage => ({
  topic,
  key,
  value: bytes(value),
  headers: {},
});

/** How long `close()` gets to (wrongly) resolve while its handler is still running. */
const EARLY_CLOSE_WINDOW_MS = 300;

/** Topic patterns, closing, resuming from committed offsets, start position and size limits. */
export function lifecycleConformance(ctx: TransportTestContext): void {
  it(
    'delivers from a topic created after a topicPattern subscription',
    async () => {
      const prefix = ctx.name('pattern');
      const recorder = new Recorder();
      const topicPattern = new RegExp(`^${escapeRegExp(prefix)}\\.`);
      await ctx.transport.subscribe(
        { groupId: ctx.group('pattern'), topicPattern },
        recorder.handler,
      );
      const late = `${prefix}.late`;
      await ctx.createTopic(late, 2);
      await ctx.transport.publish([message(late, 'k', 'late-1')]);

      await ctx.waitFor(() => recorder.has('late-1'), 'the message on the new topic');
      expect(recorder.received[0]?.topic).toBe(late);
    },
    ctx.timeout,
  );

  it(
    'lets close() finish the in-flight message before it resolves',
    async () => {
      const topic = await ctx.topic('close');
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let finished = false;
      const recorder = new Recorder(async () => {
        await gate;
        finished = true;
      });
      const subscription = await ctx.transport.subscribe(
        { groupId: ctx.group('close'), topics: [topic] },
        recorder.handler,
      );
      await ctx.transport.publish([message(topic, 'k', 'slow')]);
      await ctx.waitFor(() => recorder.received.length > 0, 'the handler to start');

      let closed = false;
      let finishedWhenClosed: boolean | undefined;
      const closing = subscription.close().then(() => {
        closed = true;
        finishedWhenClosed = finished;
      });
      expect(await holdsWithin(() => closed, EARLY_CLOSE_WINDOW_MS)).toBe(false);
      release();
      await closing;
      expect(finishedWhenClosed).toBe(true);
    },
    ctx.timeout,
  );

  it(
    'resumes a group that subscribes again after its last handled message',
    async () => {
      const topic = await ctx.topic('resume');
      const group = ctx.group('resume');
      const before = new Recorder();
      const first = await ctx.transport.subscribe(
        { groupId: group, topics: [topic] },
        before.handler,
      );
      await ctx.transport.publish(['r0', 'r1', 'r2'].map((v) => message(topic, 'k', v)));
      await ctx.waitFor(() => before.has('r0', 'r1', 'r2'), 'the first messages');
      await first.close();

      await ctx.transport.publish(['r3', 'r4'].map((v) => message(topic, 'k', v)));
      const after = new Recorder();
      await ctx.transport.subscribe({ groupId: group, topics: [topic] }, after.handler);
      await ctx.waitFor(() => after.has('r3', 'r4'), 'the messages published while away');
      expect(after.values().filter((v) => ['r0', 'r1', 'r2'].includes(v))).toEqual([]);
    },
    ctx.timeout,
  );

  it(
    'starts a new group at the end when fromBeginning is false, and at the beginning by default',
    async () => {
      const topic = await ctx.topic('start');
      await ctx.transport.publish([message(topic, 'k', 'old')]);
      const latest = new Recorder();
      const earliest = new Recorder();
      await ctx.transport.subscribe(
        { groupId: ctx.group('latest'), topics: [topic], fromBeginning: false },
        latest.handler,
      );
      await ctx.transport.subscribe(
        { groupId: ctx.group('earliest'), topics: [topic] },
        earliest.handler,
      );
      // A broker may settle a new group's start position a moment after the join: publish until
      // one new message arrives, then check that the old one never did.
      for (let n = 0; !latest.values().some((v) => v.startsWith('new-')); n++) {
        await ctx.transport.publish([message(topic, 'k', `new-${n}`)]);
        await holdsWithin(() => latest.received.length > 0, 500);
        if (n * 500 > ctx.waitMs)
          throw new Error('no new message reached the fromBeginning: false group');
      }
      await ctx.waitFor(
        () => earliest.has('old', 'new-0'),
        'the default group to read from the beginning',
      );
      expect(latest.values()).not.toContain('old');
    },
    ctx.timeout,
  );

  it(
    'refuses to publish an oversized message with a non-retriable error naming its size',
    async () => {
      const topic = await ctx.topic('oversized');
      const recorder = new Recorder();
      await ctx.transport.subscribe(
        { groupId: ctx.group('oversized'), topics: [topic] },
        recorder.handler,
      );
      const size = ctx.oversizedBytes;
      const error: unknown = await ctx.transport
        .publish([{ topic, key: 'k', value: new Uint8Array(size).fill(120), headers: {} }])
        .then(
          () => undefined,
          (e: unknown) => e,
        );

      expect(error).toBeInstanceOf(Error);
      expect((error as { retriable?: unknown }).retriable).not.toBe(true);
      const numbers = ((error as Error).message.match(/\d+/g) ?? []).map(Number);
      expect(numbers.some((n) => n >= size)).toBe(true);
      await ctx.transport.publish([message(topic, 'k', 'small')]);
      await ctx.waitFor(() => recorder.has('small'), 'the message published after');
      expect(recorder.received.every((m) => text(m.value) === 'small')).toBe(true);
    },
    ctx.timeout,
  );
}
