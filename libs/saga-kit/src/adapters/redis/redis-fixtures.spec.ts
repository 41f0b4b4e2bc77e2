/**
 * Fixtures shared by the Redis integration specs. Not a test file itself (jest runs
 * `*.int.spec.ts`), and, as a spec file, never part of the library build.
 */
import { afterAll } from '@jest/globals';
import type { Redis } from 'ioredis';
import { deleteKeys, testRedis, uniqueName } from '../../../../../test/infra';

/** A suite's client on the shared test Redis and the key prefixes its tests write under. */
export interface SuiteRedis {
  /** Connects on its first command; closed after the suite. */
  readonly client: Redis;
  /** A fresh key prefix: tests share one Redis and never see each other's keys. */
  nextPrefix(): string;
}

/**
 * Call at the top of a spec: every key under a prefix from `nextPrefix` is deleted after the
 * suite, then the client is closed.
 */
export function suiteRedis(label: string): SuiteRedis {
  const client = testRedis({ lazyConnect: true });
  const prefixes: string[] = [];
  afterAll(async () => {
    if (client.status === 'wait') {
      client.disconnect(); // never connected: no key to delete
      return;
    }
    for (const prefix of prefixes) await deleteKeys(client, prefix);
    await client.quit();
  });
  return {
    client,
    nextPrefix() {
      const prefix = uniqueName(label);
      prefixes.push(prefix);
      return prefix;
    },
  };
}
