import { Redis } from 'ioredis';
import { freePort } from '../../../../../test/infra/free-port';
import { waitFor } from '../../../../../test/infra/wait';
import { RedisConnection } from '../../nest/wiring/redis.factory';
import { closeRedis } from './close-redis';

/** A client of a port nothing listens on: its connection is refused and it waits to retry. */
async function reconnectingClient(): Promise<Redis> {
  const client = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: 1 });
  client.on('error', () => undefined);
  await waitFor(() => client.status === 'reconnecting', { message: 'the client to reconnect' });
  return client;
}

/** The delays of the timers `close` armed and did not clear: each holds the process up. */
async function timersLeftBy(close: () => Promise<void>): Promise<unknown[]> {
  const armed = jest.spyOn(global, 'setTimeout');
  const cleared = jest.spyOn(global, 'clearTimeout');
  await close();
  return armed.mock.results
    .map((result, i) => ({
      timer: result.value as NodeJS.Timeout,
      delayMs: armed.mock.calls[i]?.[1],
    }))
    .filter(({ timer }) => !cleared.mock.calls.some(([id]) => id === timer))
    .map(({ delayMs }) => delayMs);
}

describe('closeRedis', () => {
  afterEach(() => jest.restoreAllMocks());

  it('leaves no timer behind when Redis is unreachable and the client waits to reconnect', async () => {
    const client = await reconnectingClient();
    // ioredis' own disconnect() leaves its 2 s disconnect timer running here.
    expect(await timersLeftBy(() => closeRedis(client))).toEqual([]);
  });

  it('stops the client a RedisConnection made, the same way', async () => {
    const connection = new RedisConnection({
      kind: 'redis',
      url: `redis://127.0.0.1:${await freePort()}`,
    });
    const client = connection.get() as Redis;
    client.on('error', () => undefined);
    await waitFor(() => client.status === 'reconnecting', { message: 'the client to reconnect' });
    expect(await timersLeftBy(() => connection.close())).toEqual([]);
  });
});
