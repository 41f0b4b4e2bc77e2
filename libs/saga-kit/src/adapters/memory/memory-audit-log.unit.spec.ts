import type { AuditEntry } from '../../ports';
import { MemoryAuditLog } from './memory-audit-log';

const entry = (id: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  correlationId: 'c1',
  kind: 'command.accepted',
  at: new Date(at),
  domain: 'table',
  root: 'r1',
  component: 'table',
  ...extra,
});

describe('MemoryAuditLog', () => {
  it('orders by time and keeps arrival order for equal times', async () => {
    const log = new MemoryAuditLog();
    await log.record(entry('b', '2024-01-01T00:00:02Z'));
    await log.record(entry('a', '2024-01-01T00:00:01Z'));
    await log.record(entry('c', '2024-01-01T00:00:02Z'));
    expect((await log.timeline('c1')).map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(log.all().map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('stores copies: neither the recorder nor a reader can change history', async () => {
    const log = new MemoryAuditLog();
    const original = entry('a', '2024-01-01T00:00:00Z', { details: { amount: 5 } });
    await log.record(original);
    original.details = { amount: 6 };
    const [read] = await log.history('table', 'r1');
    read!.reason = 'changed';
    expect(await log.timeline('c1')).toEqual([
      entry('a', '2024-01-01T00:00:00Z', { details: { amount: 5 } }),
    ]);
  });

  it('rejects entries without the fields every fact needs', async () => {
    const log = new MemoryAuditLog();
    await expect(
      log.record({ ...entry('a', '2024-01-01T00:00:00Z'), correlationId: '' }),
    ).rejects.toThrow('correlationId');
    await expect(log.record({ ...entry('a', 'not a date') })).rejects.toThrow('valid Date');
    expect(log.all()).toEqual([]);
  });
});
