import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startPrivateRedis, testRedis, uniqueName, type PrivateRedis } from './index';

/** The server's run id changes on every start: proof that a restart really happened. */
async function runId(client: Redis): Promise<string> {
  const info = await client.info('server');
  return /run_id:(\w+)/.exec(info)?.[1] ?? '';
}

describe('test Redis', () => {
  it('serves the shared test Redis at REDIS_URL', async () => {
    const client = testRedis();
    const key = uniqueName('infra-redis');
    try {
      await client.set(key, 'v', 'EX', 60);
      expect(await client.get(key)).toBe('v');
    } finally {
      await client.del(key);
      await client.quit();
    }
  });
});

describe('startPrivateRedis', () => {
  let redis: PrivateRedis | undefined;
  let client: Redis | undefined;

  afterEach(async () => {
    client?.disconnect();
    await redis?.stop();
    client = undefined;
    redis = undefined;
  });

  it('keeps its data across a restart and a crash when AOF is on', async () => {
    redis = await startPrivateRedis({ appendonly: true });
    client = new Redis(redis.url);
    await client.set('survivor', 'before restart');
    const firstRun = await runId(client);

    await redis.restart();
    expect(await runId(client)).not.toBe(firstRun);
    expect(await client.get('survivor')).toBe('before restart');

    await client.set('survivor', 'before crash');
    const secondRun = await runId(client);
    await redis.restart({ crash: true });
    expect(await runId(client)).not.toBe(secondRun);
    expect(await client.get('survivor')).toBe('before crash');
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
  });

  it('deletes its data directory on stop, and refuses a restart after it', async () => {
    const stopped = await startPrivateRedis({ appendonly: true });
    await stopped.stop();

    expect(existsSync(stopped.dir)).toBe(false);
    await expect(stopped.restart()).rejects.toThrow(/after stop/);
  });

  it('forgets its data on restart when AOF is off', async () => {
    redis = await startPrivateRedis();
    client = new Redis(redis.url);
    await client.set('ephemeral', 'value');

    await redis.restart();

    expect(await client.get('ephemeral')).toBeNull();
  });
});
