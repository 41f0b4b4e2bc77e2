import { Redis } from 'ioredis';
import { freePort } from '../../../../../test/infra/free-port';
import { waitFor } from '../../../../../test/infra/wait';
import { RedisConnection } from './redis.factory';

describe('RedisConnection.close', () => {
  afterEach(() => jest.restoreAllMocks());

  it('leaves no timer behind when Redis is unreachable and the client waits to reconnect', async () => {
    // Nothing listens on the port: the client's connection is refused and it waits to retry.
    const connection = new RedisConnection({
      kind: 'redis',
      url: `redis://127.0.0.1:${await freePort()}`,
    });
    const client = connection.get() as Redis;
    client.on('error', () => undefined);
    await waitFor(() => client.status === 'reconnecting', { message: 'the client to reconnect' });

    const armed = jest.spyOn(global, 'setTimeout');
    const cleared = jest.spyOn(global, 'clearTimeout');
    await connection.close();

    // A timer left running holds the process after shutdown (2 s for ioredis' disconnect timer).
    const pendingDelaysMs = armed.mock.results
      .map((result, i) => ({
        timer: result.value as NodeJS.Timeout,
        delayMs: armed.mock.calls[i]?.[1],
      }))
      .filter(({ timer }) => !cleared.mock.calls.some(([id]) => id === timer))
      .map(({ delayMs }) => delayMs);
    expect(pendingDelaysMs).toEqual([]);
  });
});
