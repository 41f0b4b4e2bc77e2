import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { requiredEnv, TEST_ENV } from './env';
import { freePort } from './free-port';
import { OwnedProcess } from './owned-process';

const STARTUP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 5;

/** URL of the test Redis, from REDIS_URL (the global setup's private one unless you set it). */
export function redisUrl(): string {
  return requiredEnv(TEST_ENV.redisUrl);
}

/**
 * An ioredis client on the test Redis; the caller must `quit()` it. It may be shared with
 * other suites: use unique keys (`uniqueName`) and never FLUSHALL / FLUSHDB.
 */
export function testRedis(options: RedisOptions = {}): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: 2, ...options });
}

/** A redis-server owned by one test suite. */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** Data directory (holds `appendonlydir/` with AOF on); kept across restarts. */
  readonly dir: string;
  /** Stops the server and deletes its data directory; idempotent. */
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port and data directory. `crash: true`
   * kills it with SIGKILL instead of a clean shutdown; with AOF on, every acknowledged write
   * still survives, because the AOF is fsynced on every write.
   */
  restart(options?: { crash?: boolean }): Promise<void>;
}

/**
 * Starts a private redis-server on a free port, in a fresh temporary directory, with RDB
 * snapshots off. For suites that need isolation, persistence or a restart.
 */
export async function startPrivateRedis(
  options: { appendonly?: boolean } = {},
): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'saga-kit-redis-'));
  try {
    const { server, port } = await startOnFreePort(dir, options.appendonly ?? false);
    let current = server;
    let stopped = false;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      dir,
      async stop() {
        stopped = true;
        await current.stop();
        rmSync(dir, { recursive: true, force: true });
      },
      async restart({ crash = false } = {}) {
        if (stopped) throw new Error('restart() after stop(): this Redis is gone');
        await (crash ? current.kill() : current.stop());
        current = spawnRedis(dir, port, options.appendonly ?? false);
        await waitUntilReady(current, port);
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startOnFreePort(
  dir: string,
  appendonly: boolean,
): Promise<{ server: OwnedProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = spawnRedis(dir, port, appendonly);
    try {
      await waitUntilReady(server, port);
      return { server, port };
    } catch (error) {
      await server.stop();
      // Another process may have taken the port since freePort() saw it free.
      if (attempt >= PORT_ATTEMPTS || !/address already in use/i.test(server.output())) throw error;
    }
  }
}

function spawnRedis(dir: string, port: number, appendonly: boolean): OwnedProcess {
  return OwnedProcess.spawn('redis-server', 'redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendonly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--logfile',
    '',
    '--loglevel',
    'warning',
  ]);
}

/** Polls PING until +PONG: while loading its AOF, Redis accepts connections but answers -LOADING. */
async function waitUntilReady(server: OwnedProcess, port: number): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const ready = await ping(port);
    // Checked after the ping too: a PONG from another server that took the port is no success.
    if (server.hasExited()) {
      const hint = /ENOENT|no such file|not found/i.test(server.output())
        ? ' Install it (`apt-get install -y redis-server`) or set REDIS_URL.'
        : '';
      throw server.failure(`on port ${port} exited during startup.${hint}`);
    }
    if (ready) return;
    if (Date.now() > deadline) throw server.failure(`on port ${port} is not ready`);
    await sleep(20);
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port });
    socket.setEncoding('utf8');
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** Deletes every key under `<prefix>:` (a test's own key space), a SCAN page at a time. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
