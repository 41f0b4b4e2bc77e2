import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { create } from '@bufbuild/protobuf';
import { POKER_FILES, RegisterPlayerSchema, ReserveFundsSchema } from '@poker/contracts';
import type { Redis } from 'ioredis';
import { testRedis, uniqueName } from '../../../../../test/infra';
import { RedisAbortRegistry } from '../../adapters/redis/redis-abort-registry';
import { RedisJobQueue } from '../../adapters/redis/redis-job-queue';
import { newRoot, rootToString } from '../../messaging/ids';
import { WalletFixture, WalletTableSagaFixture } from '../../testing/fixtures';
import { createHarness } from '../../testing/harness';

let redis: Redis;
const prefix = uniqueName('deadlines');

beforeAll(() => {
  redis = testRedis();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.unlink(...keys);
  await redis.quit();
});

describe('command deadlines scheduled in Redis', () => {
  it('survive in the Redis scheduler until due, then revoke the triggering event once', async () => {
    const scheduler = new RedisJobQueue(redis, 'deadlines', { keyPrefix: prefix });
    const h = await createHarness({
      aggregates: [new WalletFixture()],
      sagas: [new WalletTableSagaFixture(30_000)],
      registryFiles: POKER_FILES,
      scheduler,
      abortRegistry: new RedisAbortRegistry(redis, { keyPrefix: prefix }),
    });
    try {
      const wallet = rootToString(newRoot());
      await h.send({
        domain: 'player',
        root: wallet,
        command: create(RegisterPlayerSchema, { name: 'W', bankroll: 500 }),
      });
      await h.send({
        domain: 'player',
        root: wallet,
        command: create(ReserveFundsSchema, { tableId: newRoot(), amount: 200, seat: 1 }),
        correlationId: 'redis-deadline',
      });
      await h.waitForIdle();
      expect(await scheduler.size()).toBe(1);
      expect(await h.runtime.failure.deadlines.runOnce()).toBe(0);

      h.clock.advance(30_000);
      expect(await h.runtime.failure.deadlines.runOnce()).toBe(1);
      await h.waitForIdle();

      expect(await scheduler.size()).toBe(0);
      expect(await h.state('player', wallet)).toEqual({ bankroll: 500, reserved: {} });
      const kinds = (await h.timeline('redis-deadline')).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'undo.revoked')).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
