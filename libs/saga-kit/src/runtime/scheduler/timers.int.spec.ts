import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { HandSeatSchema, POKER_FILES, StartHandSchema } from '@poker/contracts';
import { Redis } from 'ioredis';
import {
  startPrivateRedis,
  uniqueName,
  waitFor,
  type PrivateRedis,
} from '../../../../../test/infra';
import { ManualClock } from '../../adapters/memory/manual-clock';
import { RedisJobQueue } from '../../adapters/redis/redis-job-queue';
import { CommandBookSchema } from '../../gen/sagakit/v1/envelope_pb';
import { newRoot, rootToString } from '../../messaging/ids';
import { decode } from '../../messaging/type-registry';
import { createHarness, type Harness } from '../../testing/harness';
import { SHOT_CLOCK_SECONDS, ShotClockHand, ShotClockSaga } from './timer-fixtures.spec';

let redis: PrivateRedis;
let client: Redis;
const prefix = uniqueName('timers');

beforeAll(async () => {
  redis = await startPrivateRedis({ appendonly: true });
  client = new Redis(redis.url, { maxRetriesPerRequest: 20 });
});

afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

describe('durable timers in Redis', () => {
  it('survive a runtime restart and a Redis crash, then fire once from the new runtime', async () => {
    const hand = rootToString(newRoot());
    const clock = new ManualClock();
    const before = await createHarness({
      aggregates: [ShotClockHand],
      sagas: [ShotClockSaga],
      registryFiles: POKER_FILES,
      clock,
      timers: { queue: new RedisJobQueue(client, 'hand-timers', { keyPrefix: prefix }) },
    });
    let after: Harness | undefined;
    try {
      await before.send({
        domain: 'hand',
        root: hand,
        command: create(StartHandSchema, {
          seats: [create(HandSeatSchema, { playerId: newRoot(), seat: 1, stack: 100 })],
        }),
        correlationId: 'redis-timer',
      });
      await before.waitForIdle();
      const scheduled = (await before.timeline('redis-timer')).find(
        (e) => e.kind === 'command.issued',
      );
      expect(scheduled?.commandType).toBe('ExpireActionTimer');
      await before.stop();

      await redis.restart({ crash: true });

      // A new runtime (new process, same Redis) whose background poller finds the due timer.
      clock.advance(SHOT_CLOCK_SECONDS * 1000);
      const queue = new RedisJobQueue(client, 'hand-timers', { keyPrefix: prefix });
      expect(await queue.size()).toBe(1);
      after = await createHarness({
        aggregates: [ShotClockHand],
        sagas: [ShotClockSaga],
        registryFiles: POKER_FILES,
        clock,
        timers: { queue, pollIntervalMs: 20 },
      });
      const h = after;
      const delivered = await waitFor(() => h.transport.messages(h.topics.commands('hand'))[0], {
        message: 'the timer to fire',
      });
      expect(decode(CommandBookSchema, delivered.value).commandId).toBe(scheduled?.commandId);
      await waitFor(async () => (await queue.size()) === 0, { message: 'the timer to be acked' });
      await h.waitForIdle();
      const accepted = (await h.timeline('redis-timer')).filter(
        (e) => e.kind === 'command.accepted' && e.commandType === 'ExpireActionTimer',
      );
      expect(accepted).toHaveLength(1);
      expect(await h.runtime.timers.runOnce()).toBe(0);
    } finally {
      await after?.stop();
      const keys = await client.keys(`${prefix}:*`);
      if (keys.length > 0) await client.unlink(...keys);
    }
  });
});
