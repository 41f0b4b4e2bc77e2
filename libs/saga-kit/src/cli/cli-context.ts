import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DescFile } from '@bufbuild/protobuf';
import { Redis } from 'ioredis';
import { parseBrokerList } from '../adapters/kafka/broker-list';
import { DEFAULT_KEY_PREFIX } from '../adapters/redis/redis-key-space';
import { DEFAULT_TOPIC_PREFIX, Topics } from '../messaging/topics';
import { TypeRegistry } from '../messaging/type-registry';
import { CliUsageError, type CliIo } from './cli-io';

/** The options every command shares, as given on the command line. */
export interface GlobalOptions {
  brokers?: string;
  redis?: string;
  prefix?: string;
  keyPrefix?: string;
  api?: string;
  token?: string;
  types?: string;
}

/** Settings resolved from flags, then environment variables, then defaults. */
export class CliContext {
  constructor(
    readonly io: CliIo,
    private readonly options: GlobalOptions,
  ) {}

  /** `--brokers` / `KAFKA_BROKERS`. */
  brokers(): string[] {
    const flag = this.options.brokers !== undefined;
    let brokers: string[];
    try {
      brokers = parseBrokerList(
        this.options.brokers ?? this.io.env.KAFKA_BROKERS,
        flag ? '--brokers' : 'KAFKA_BROKERS',
      );
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    if (brokers.length === 0)
      throw new CliUsageError('no Kafka brokers: pass --brokers host:port or set KAFKA_BROKERS');
    return brokers;
  }

  /** A Redis client on `--redis` / `REDIS_URL`; the caller quits it. */
  redis(): Redis {
    const url = this.options.redis ?? this.io.env.REDIS_URL;
    if (!url) throw new CliUsageError('no Redis: pass --redis redis://host:port or set REDIS_URL');
    return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true });
  }

  /** `--prefix` / `SAGAKIT_TOPIC_PREFIX` / `SAGAKIT_PREFIX` (the services' one prefix). */
  topics(): Topics {
    const env = this.io.env;
    return new Topics(
      this.options.prefix ??
        (env.SAGAKIT_TOPIC_PREFIX || env.SAGAKIT_PREFIX || DEFAULT_TOPIC_PREFIX),
    );
  }

  /** `--key-prefix` / `SAGAKIT_KEY_PREFIX`, else `--prefix` / `SAGAKIT_PREFIX`: first segment of Redis keys. */
  keyPrefix(): string {
    const env = this.io.env;
    return (
      this.options.keyPrefix ??
      (env.SAGAKIT_KEY_PREFIX || this.options.prefix || env.SAGAKIT_PREFIX || DEFAULT_KEY_PREFIX)
    );
  }

  /** `--api` / `DLQ_API_URL` and `--token` / `DLQ_API_TOKEN`. */
  api(): { url: string; token: string } {
    const url = (this.options.api ?? this.io.env.DLQ_API_URL ?? 'http://localhost:3004').replace(
      /\/+$/,
      '',
    );
    const token = this.options.token ?? this.io.env.DLQ_API_TOKEN ?? '';
    if (!token) throw new CliUsageError('no API token: set DLQ_API_TOKEN (or pass --token)');
    return { url, token };
  }

  /**
   * The type registry: saga-kit's own types, plus every protobuf file exported by the modules of
   * `--types` / `SAGAKIT_TYPES` (comma-separated paths, e.g. the built `@poker/contracts`).
   */
  registry(): TypeRegistry {
    const modules = (this.options.types ?? this.io.env.SAGAKIT_TYPES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const files = modules.flatMap((path) => collect(this.load(path), isDescFile));
    return new TypeRegistry(...files);
  }

  /** Requires a module by path (relative to the working directory) or by package name. */
  load(path: string): unknown {
    const local = resolve(this.io.cwd, path);
    // A path that exists from the working directory wins over a package of the same name.
    const target =
      path.startsWith('.') || path.startsWith('/') || existsSync(local) || existsSync(`${local}.js`)
        ? local
        : path;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(target) as unknown;
    } catch (error) {
      throw new CliUsageError(
        `cannot load ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** Values of `root` (a module's exports) that satisfy `guard`, looking into objects and arrays. */
export function collect<T>(root: unknown, guard: (v: unknown) => v is T, depth = 3): T[] {
  const found: T[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, level: number): void => {
    if (
      value === null ||
      (typeof value !== 'object' && typeof value !== 'function') ||
      seen.has(value)
    )
      return;
    seen.add(value);
    if (guard(value)) {
      found.push(value);
      return;
    }
    if (level >= depth || typeof value === 'function') return;
    for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child, level + 1);
  };
  walk(root, 0);
  return found;
}

function isDescFile(value: unknown): value is DescFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'file' &&
    'messages' in value
  );
}
