import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../../ports/audit-log.port';
import { testTimeout, type AuditLogConformanceFactory } from './conformance-factory';
import { expectTypeError } from './fixtures';

/** Declares the jest tests every `AuditLog` adapter must pass. */
export function auditLogConformance(name: string, factory: AuditLogConformanceFactory): void {
  describe(`${name} honours the AuditLog contract`, () => {
    const timeout = testTimeout(factory);
    let current: AuditLog | undefined;
    beforeEach(async () => {
      current = await factory.create();
    });
    afterEach(async () => {
      const log = current;
      current = undefined;
      if (log) await factory.dispose?.(log);
    });
    const log = (): AuditLog => {
      if (!current) throw new Error('the audit log is only available inside a test');
      return current;
    };
    const ids = (entries: AuditEntry[]): string[] => entries.map((e) => e.id);

    it(
      "returns a correlation's entries oldest first, and only those",
      async () => {
        const correlationId = randomUUID();
        const other = randomUUID();
        await log().record(entry('placed', correlationId, 1));
        await log().record(entry('noise', other, 2));
        await log().record(
          entry('rejected', correlationId, 3, { domain: 'table', kind: 'command.rejected' }),
        );
        await log().record(entry('reverted', correlationId, 4));

        expect(ids(await log().timeline(correlationId))).toEqual(
          ['placed', 'rejected', 'reverted'].map(tag(correlationId)),
        );
        expect(ids(await log().timeline(other))).toEqual([tag(other)('noise')]);
        expect(await log().timeline(randomUUID())).toEqual([]);
      },
      timeout,
    );

    it(
      "returns an aggregate's history oldest first, and only that aggregate's",
      async () => {
        const correlationId = randomUUID();
        const root = randomUUID();
        await log().record(entry('hand-1', correlationId, 1, { root }));
        await log().record(entry('table', correlationId, 2, { root, domain: 'table' }));
        await log().record(entry('other-hand', correlationId, 3, { root: randomUUID() }));
        await log().record(entry('hand-2', randomUUID(), 4, { root }));

        expect(ids(await log().history('hand', root))).toEqual([
          tag(correlationId)('hand-1'),
          expect.stringMatching(/hand-2$/),
        ]);
        expect(ids(await log().history('table', root))).toEqual([tag(correlationId)('table')]);
        expect(await log().history('hand', randomUUID())).toEqual([]);
      },
      timeout,
    );

    it(
      'orders by when a fact happened, not by when it was recorded',
      async () => {
        const correlationId = randomUUID();
        await log().record(entry('third', correlationId, 30));
        await log().record(entry('first', correlationId, 10));
        await log().record(entry('second', correlationId, 20));
        expect(ids(await log().timeline(correlationId))).toEqual(
          ['first', 'second', 'third'].map(tag(correlationId)),
        );
      },
      timeout,
    );

    it(
      'records an entry id once: the first recording wins',
      async () => {
        const correlationId = randomUUID();
        const first = entry('once', correlationId, 1, { reason: 'first' });
        await log().record(first);
        await log().record(first);
        await log().record({ ...first, reason: 'second', at: new Date(first.at.getTime() + 5) });
        const timeline = await log().timeline(correlationId);
        expect(timeline).toHaveLength(1);
        expect(timeline[0]?.reason).toBe('first');
      },
      timeout,
    );

    it(
      'keeps every field of an entry',
      async () => {
        const correlationId = randomUUID();
        const full = entry('full', correlationId, 7, {
          kind: 'command.rejected',
          sequences: [5, 6],
          saga: 'hand-table',
          commandId: randomUUID(),
          commandType: 'DeductFromPlayerStack',
          eventTypes: ['BetPlaced', 'BetReverted'],
          reason: 'player_folded',
          peer: { domain: 'table', root: randomUUID() },
          details: { amount: 50, currency: 'chips', final: true },
        });
        await log().record(full);
        expect(await log().timeline(correlationId)).toEqual([full]);
      },
      timeout,
    );

    it(
      'refuses an empty or non-string correlation id, domain or root instead of answering []',
      async () => {
        const root = randomUUID();
        await log().record(entry('kept', randomUUID(), 1, { root }));
        for (const bad of ['', undefined, null, 42]) {
          const id = bad as string;
          await expectTypeError(() => log().timeline(id), /correlationId/);
          await expectTypeError(() => log().history(id, root), /domain/);
          await expectTypeError(() => log().history('hand', id), /root/);
        }
        await expectTypeError(() => log().timeline('flow\ud800'), /correlationId.*surrogate/);
        await expectTypeError(() => log().history('a:b', root), /domain may not contain/);
        await expectTypeError(() => log().history('hand', 'x\udfff'), /root.*surrogate/);
        expect(await log().history('hand', root)).toHaveLength(1);
      },
      timeout,
    );

    it(
      'refuses an entry without its required fields, recording nothing',
      async () => {
        const correlationId = randomUUID();
        const good = entry('bad', correlationId, 1);
        await expectTypeError(() => log().record(null as never), /audit entry/);
        for (const field of [
          'id',
          'correlationId',
          'kind',
          'domain',
          'root',
          'component',
        ] as const) {
          for (const bad of ['', undefined, 42]) {
            await expectTypeError(
              () => log().record({ ...good, [field]: bad }),
              new RegExp(`audit entry ${field}`),
            );
          }
        }
        for (const [field, bad] of [
          ['id', 'x\ud800'],
          ['correlationId', 'x\ud800'],
          ['root', 'x\ud800'],
          ['domain', 'a:b'],
          ['domain', 'a{b}'],
        ] as const) {
          await expectTypeError(
            () => log().record({ ...good, [field]: bad }),
            new RegExp(`audit entry ${field}`),
          );
        }
        for (const at of [new Date(Number.NaN), '2024-01-01T12:00:00Z', undefined]) {
          await expectTypeError(
            () => log().record({ ...good, at } as unknown as AuditEntry),
            /audit entry at/,
          );
        }
        expect(await log().timeline(correlationId)).toEqual([]);
        // An entry refused for its correlation id would be found under its aggregate.
        expect(await log().history(good.domain, good.root)).toEqual([]);
      },
      timeout,
    );
  });
}

const tag =
  (correlationId: string) =>
  (label: string): string =>
    `${correlationId}:${label}`;

function entry(
  label: string,
  correlationId: string,
  second: number,
  overrides: Partial<AuditEntry> = {},
): AuditEntry {
  return {
    id: tag(correlationId)(label),
    correlationId,
    kind: 'command.accepted',
    at: new Date(Date.UTC(2024, 0, 1, 12, 0, second, 250)),
    domain: 'hand',
    root: '00000000-0000-4000-8000-000000000001',
    component: 'hand',
    ...overrides,
  };
}
