import { afterAll, beforeAll } from '@jest/globals';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { deleteKeys, testRedis, uniqueName } from '../../../../../test/infra';
import { auditLogConformance, eventStoreConformance } from '../../testing/conformance';
import { RedisAuditLog } from './redis-audit-log.adapter';
import { RedisEventStore } from './redis-event-store.adapter';

let client: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  client = testRedis();
});

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(client, prefix);
  await client.quit();
});

/** A fresh key prefix per test: tests share one Redis and never see each other's keys. */
function nextPrefix(): string {
  const prefix = uniqueName('conformance');
  prefixes.push(prefix);
  return prefix;
}

eventStoreConformance('RedisEventStore', {
  create: () =>
    Promise.resolve(
      new RedisEventStore(client, { keyPrefix: nextPrefix(), logger: pino({ level: 'silent' }) }),
    ),
});

auditLogConformance('RedisAuditLog', {
  create: () => Promise.resolve(new RedisAuditLog(client, { keyPrefix: nextPrefix() })),
});
