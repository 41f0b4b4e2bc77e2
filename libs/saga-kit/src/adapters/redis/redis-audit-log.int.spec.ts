import { describe, expect, it, jest } from '@jest/globals';
import type { AuditEntry } from '../../ports/audit-log.port';
import { encodeAuditEntry } from './audit-entry.codec';
import { RedisAuditLog, type RedisAuditLogOptions } from './redis-audit-log.adapter';
import { recordAuditScript } from './redis-audit-log.scripts';
import { auditAggregateKeys, auditCorrelationKeys, type AuditIndexKeys } from './redis-key-space';
import { suiteRedis } from './redis-fixtures.spec';

const { client, nextPrefix } = suiteRedis('audit');

function newLog(options: RedisAuditLogOptions = {}): { log: RedisAuditLog; prefix: string } {
  const prefix = nextPrefix();
  return { log: new RedisAuditLog(client, { keyPrefix: prefix, ...options }), prefix };
}

const T0 = Date.UTC(2024, 0, 1, 12);

function entry(id: string, atMs: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    correlationId: 'corr-1',
    kind: 'command.accepted',
    at: new Date(atMs),
    domain: 'hand',
    root: 'root-1',
    component: 'hand',
    ...overrides,
  };
}

const ids = (entries: AuditEntry[]): string[] => entries.map((e) => e.id);

const keysOf = (prefix: string, e: AuditEntry): AuditIndexKeys[] => [
  auditCorrelationKeys(prefix, e.correlationId),
  auditAggregateKeys(prefix, e.domain, e.root),
];

describe('RedisAuditLog', () => {
  it('orders by time, and entries of the same millisecond by arrival', async () => {
    const { log } = newLog();
    const arrival = ['m', 'c', 'x', 'a', 'q'];
    await log.record(entry('late', T0 + 5));
    for (const id of arrival) await log.record(entry(id, T0 + 1));
    await log.record(entry('early', T0));

    const expected = ['early', ...arrival, 'late'];
    expect(ids(await log.timeline('corr-1'))).toEqual(expected);
    expect(ids(await log.history('hand', 'root-1'))).toEqual(expected);
  });

  it('round-trips dates and every field', async () => {
    const { log } = newLog();
    const full = entry('full', T0 + 123, {
      sequences: [0, 7],
      peer: { domain: 'table', root: 't-1' },
      details: { amount: 50, final: true, note: 'π' },
    });
    await log.record(full);
    const [stored] = await log.timeline('corr-1');
    expect(stored).toEqual(full);
    expect(stored?.at).toBeInstanceOf(Date);
  });

  it('records an id once per index, and a retry completes an index a crash left out', async () => {
    const { log, prefix } = newLog();
    const first = entry('once', T0);
    // A crash after the correlation index was written, before the aggregate index was.
    const [correlation] = keysOf(prefix, first);
    await recordAuditScript.run(
      client,
      [correlation!.order, correlation!.entries, correlation!.counter],
      [first.id, T0, encodeAuditEntry(first), 0, 0],
    );
    expect(await log.history('hand', 'root-1')).toEqual([]);

    await log.record({ ...first, reason: 'retried' });
    await log.record(first);

    expect(await log.timeline('corr-1')).toEqual([first]);
    expect(await log.history('hand', 'root-1')).toEqual([{ ...first, reason: 'retried' }]);
  });

  it('writes both indexes of an entry in one round trip on a standalone Redis', async () => {
    const { log } = newLog();
    // The first record defines the script and loads it on the connection.
    await log.record(entry('first', T0));
    const write = jest.spyOn(client.stream, 'write');
    try {
      await log.record(entry('second', T0 + 1));
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      write.mockRestore();
    }
    expect(ids(await log.timeline('corr-1'))).toEqual(['first', 'second']);
    expect(ids(await log.history('hand', 'root-1'))).toEqual(['first', 'second']);
  });

  it('expires every index key after the retention period', async () => {
    const { log, prefix } = newLog({ retentionMs: 3_600_000 });
    const e = entry('ttl', T0);
    await log.record(e);
    const keys = keysOf(prefix, e).flatMap((k) => [k.order, k.entries, k.counter]);
    for (const key of keys) {
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    }
    const defaults = newLog();
    await defaults.log.record(e);
    const weekMs = 7 * 24 * 3_600_000;
    expect(
      await client.pttl(auditCorrelationKeys(defaults.prefix, 'corr-1').order),
    ).toBeGreaterThan(weekMs - 60_000);
  });

  it('keeps at most maxEntriesPerIndex entries per index, dropping the oldest by time', async () => {
    const { log, prefix } = newLog({ maxEntriesPerIndex: 3 });
    for (const [i, at] of [5, 1, 4, 2, 3].entries()) {
      await log.record(entry(`e${at}`, T0 + at, { root: `root-${i}` }));
    }
    expect(ids(await log.timeline('corr-1'))).toEqual(['e3', 'e4', 'e5']);
    const keys = auditCorrelationKeys(prefix, 'corr-1');
    expect(await client.hlen(keys.entries)).toBe(3);
    expect(await client.zcard(keys.order)).toBe(3);
  });

  it('accepts any correlation id and root that UTF-8 carries, braces included', async () => {
    const { log } = newLog();
    const odd = entry('odd', T0, { correlationId: 'c}{:\u0000😀', root: '}\u00ff{' });
    await log.record(odd);
    expect(await log.timeline('c}{:\u0000😀')).toEqual([odd]);
    expect(await log.history('hand', '}\u00ff{')).toEqual([odd]);
    expect(await log.timeline('c}{')).toEqual([]);
  });

  it('refuses malformed entries and queries with a TypeError', async () => {
    const { log } = newLog();
    await expect(log.record({ ...entry('x', T0), at: new Date(NaN) })).rejects.toThrow(TypeError);
    await expect(log.record({ ...entry('x', T0), id: '' })).rejects.toThrow(TypeError);
    await expect(log.record(entry('\ud800', T0))).rejects.toThrow(/surrogate/);
    await expect(log.record(entry('x', T0, { domain: 'a:b' }))).rejects.toThrow(TypeError);
    await expect(log.timeline('')).rejects.toThrow(TypeError);
    await expect(log.history('hand', '')).rejects.toThrow(TypeError);
    expect(() => new RedisAuditLog(client, { retentionMs: -1 })).toThrow(/retentionMs/);
  });
});
