import { Redis } from 'ioredis';
import type { RedisClient } from './redis-client.type';

/**
 * Closes a client without holding the process up: `QUIT` when it is connected (what was sent is
 * answered first; a failing `QUIT` falls back to a disconnect), else a disconnect that stops its
 * reconnecting. Never rejects.
 *
 * A plain `disconnect()` is not enough there: ioredis ends the client's socket and arms a timer
 * (`disconnectTimeout`, 2 s) to destroy it, cleared when the socket emits `close`. A client
 * waiting to reconnect still holds its last socket, which closed already and never emits `close`
 * again, so the timer held the process for 2 s after shutdown. Replaying `close` on that dead
 * socket clears it (ioredis' own `close` listener was a `once`, gone already).
 */
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().then(
      () => undefined,
      () => disconnect(client),
    );
    return;
  }
  disconnect(client);
}

function disconnect(client: RedisClient): void {
  const stream = client instanceof Redis ? client.stream : undefined;
  const closedAlready = stream?.destroyed === true;
  client.disconnect();
  if (closedAlready) stream.emit('close', false);
}
