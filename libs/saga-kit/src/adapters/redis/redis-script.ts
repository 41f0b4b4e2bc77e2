import { createHash } from 'node:crypto';
import type { ChainableCommander, RedisKey, RedisValue } from 'ioredis';
import type { RedisClient } from './redis-client.type';

type ScriptCommand = (...args: RedisValue[]) => Promise<unknown>;

/**
 * A Lua script registered on a client with `defineCommand` (EVALSHA, falling back to EVAL after
 * a server restart) and run with binary replies: bulk strings come back as Buffers. The command
 * name carries the script's hash, so two versions of a script never shadow each other.
 */
export class RedisScript {
  private readonly command: string;
  private readonly definedOn = new WeakSet<RedisClient>();

  constructor(
    name: string,
    private readonly numberOfKeys: number,
    private readonly lua: string,
  ) {
    const sha = createHash('sha1').update(lua).digest('hex').slice(0, 12);
    this.command = `sagakit_${name}_${sha}`;
  }

  /** Runs the script; in a cluster, all `keys` must hash to one slot (Redis enforces it). */
  async run(
    client: RedisClient,
    keys: readonly RedisKey[],
    args: readonly RedisValue[],
  ): Promise<unknown> {
    this.assertKeys(keys);
    this.define(client);
    return this.commandOf(client).call(client, ...keys, ...args);
  }

  /**
   * Runs the script once per call, each call on its own keys (its own slot), and resolves with
   * the replies in order, or rejects with the first error. On a standalone client the calls go
   * out as one pipeline: one write and one round trip instead of one each. On a cluster they run
   * in parallel, since a pipeline may not span nodes.
   */
  async runEach(
    client: RedisClient,
    calls: readonly { keys: readonly RedisKey[]; args: readonly RedisValue[] }[],
  ): Promise<unknown[]> {
    if (client.isCluster || calls.length < 2) {
      return Promise.all(calls.map(({ keys, args }) => this.run(client, keys, args)));
    }
    for (const { keys } of calls) this.assertKeys(keys);
    // Before the pipeline is created: it copies the client's commands.
    this.define(client);
    const pipeline = client.pipeline();
    const command = this.commandOf(pipeline);
    for (const { keys, args } of calls) void command.call(pipeline, ...keys, ...args);
    const results = await pipeline.exec();
    if (!results) throw new Error(`${this.command}: the pipeline was discarded`);
    return results.map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
  }

  private assertKeys(keys: readonly RedisKey[]): void {
    if (keys.length !== this.numberOfKeys) {
      throw new TypeError(`${this.command} takes ${this.numberOfKeys} keys, got ${keys.length}`);
    }
  }

  private define(client: RedisClient): void {
    if (!this.definedOn.has(client)) {
      client.defineCommand(this.command, { numberOfKeys: this.numberOfKeys, lua: this.lua });
      this.definedOn.add(client);
    }
  }

  private commandOf(target: RedisClient | ChainableCommander): ScriptCommand {
    const command = (target as unknown as Record<string, ScriptCommand | undefined>)[
      `${this.command}Buffer`
    ];
    if (!command) throw new Error(`ioredis did not define ${this.command}Buffer`);
    return command;
  }
}

/** Reads a script reply element that must be a bulk string. */
export function replyBuffer(reply: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(reply)) throw new Error(`unexpected Redis reply for ${what}`);
  return reply;
}

/** Reads a script reply element that must be an integer. */
export function replyInteger(reply: unknown, what: string): number {
  if (typeof reply !== 'number' || !Number.isSafeInteger(reply)) {
    throw new Error(`unexpected Redis reply for ${what}`);
  }
  return reply;
}

/** Reads a script reply that must be an array. */
export function replyArray(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply for ${what}`);
  return reply as unknown[];
}
