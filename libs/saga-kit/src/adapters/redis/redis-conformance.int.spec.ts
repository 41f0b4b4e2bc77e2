import pino from 'pino';
import { auditLogConformance, eventStoreConformance } from '../../testing/conformance';
import { RedisAuditLog } from './redis-audit-log.adapter';
import { RedisEventStore } from './redis-event-store.adapter';
import { suiteRedis } from './redis-fixtures.spec';

const { client, nextPrefix } = suiteRedis('conformance');

eventStoreConformance('RedisEventStore', {
  create: () =>
    Promise.resolve(
      new RedisEventStore(client, { keyPrefix: nextPrefix(), logger: pino({ level: 'silent' }) }),
    ),
});

auditLogConformance('RedisAuditLog', {
  create: () => Promise.resolve(new RedisAuditLog(client, { keyPrefix: nextPrefix() })),
});
