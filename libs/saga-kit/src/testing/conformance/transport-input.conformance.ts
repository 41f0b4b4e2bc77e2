import { it } from '@jest/globals';
import type { OutgoingMessage, SubscriptionOptions } from '../../ports/transport.port';
import { bytes, expectTypeError } from './fixtures';
import type { TransportTestContext } from './transport-context';

const untyped = <T>(value: unknown): T => value as T;

/** Bad input: `publish` and `subscribe` refuse it with a TypeError naming the bad argument. */
export function inputConformance(ctx: TransportTestContext): void {
  it(
    'refuses to publish a malformed message with a TypeError naming it',
    async () => {
      const topic = ctx.name('input');
      const ok: OutgoingMessage = { topic, key: 'k', value: bytes('v'), headers: {} };
      const bad: [unknown, RegExp][] = [
        [undefined, /array of messages/],
        [ok, /array of messages/],
        [[null], /messages\[0\]/],
        [[{ ...ok, topic: '' }], /messages\[0\]\.topic/],
        [[ok, { ...ok, topic: 'a topic' }], /messages\[1\]\.topic/],
        [[{ ...ok, key: 42 }], /messages\[0\]\.key/],
        [[{ ...ok, key: 'table-\ud800' }], /messages\[0\]\.key contains a lone UTF-16 surrogate/],
        [[{ ...ok, value: 'v' }], /messages\[0\]\.value/],
        [[{ ...ok, headers: null }], /messages\[0\]\.headers/],
        [[{ ...ok, headers: { n: 1 } }], /messages\[0\]\.headers\["n"\]/],
      ];
      for (const [messages, message] of bad) {
        await expectTypeError(
          () => ctx.transport.publish(untyped<OutgoingMessage[]>(messages)),
          message,
        );
      }
    },
    ctx.timeout,
  );

  it(
    'refuses malformed subscription options or handler with a TypeError naming them',
    async () => {
      const topics = [ctx.name('input')];
      const groupId = ctx.group('input');
      const handler = (): Promise<void> => Promise.resolve();
      const bad: [unknown, unknown, RegExp][] = [
        [null, handler, /subscription options/],
        [{ topics }, handler, /groupId/],
        [{ groupId: '', topics }, handler, /groupId/],
        [{ groupId }, handler, /topics or a topicPattern/],
        [{ groupId, topics: [] }, handler, /topics or a topicPattern/],
        [{ groupId, topics: ['a topic'] }, handler, /topics\[0\]/],
        [{ groupId, topicPattern: 'input' }, handler, /topicPattern/],
        [{ groupId, topics }, undefined, /handler/],
      ];
      for (const [options, h, message] of bad) {
        await expectTypeError(
          () => ctx.transport.subscribe(untyped<SubscriptionOptions>(options), untyped(h)),
          message,
        );
      }
    },
    ctx.timeout,
  );
}
