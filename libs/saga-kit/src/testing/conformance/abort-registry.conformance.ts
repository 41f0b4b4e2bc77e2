import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AbortRecord, AbortRegistry } from '../../ports/abort-registry.port';
import { testTimeout, type ConformanceFactory } from './conformance-factory';
import { expectTypeError } from './fixtures';

/** How the abort-registry suite gets a fresh registry for each test. */
export type AbortRegistryConformanceFactory = ConformanceFactory<AbortRegistry>;

function record(correlationId: string, reason: string): AbortRecord {
  return {
    correlationId,
    reason,
    at: new Date('2024-01-01T12:00:00.000Z'),
    domain: 'table',
    root: '00000000-0000-4000-8000-000000000001',
  };
}

/** Declares the jest tests every `AbortRegistry` adapter must pass. */
export function abortRegistryConformance(
  name: string,
  factory: AbortRegistryConformanceFactory,
): void {
  describe(`${name} honours the AbortRegistry contract`, () => {
    const timeout = testTimeout(factory);
    let current: AbortRegistry | undefined;
    beforeEach(async () => {
      current = await factory.create();
    });
    afterEach(async () => {
      const registry = current;
      current = undefined;
      if (registry) await factory.dispose?.(registry);
    });
    const registry = (): AbortRegistry => {
      if (!current) throw new Error('the registry is only available inside a test');
      return current;
    };

    it(
      'aborts a flow once: the first record wins and other flows are untouched',
      async () => {
        const flow = randomUUID();
        const other = randomUUID();
        expect(await registry().isAborted(flow)).toBe(false);
        expect(await registry().get(flow)).toBeUndefined();
        expect(await registry().abort(record(flow, 'first'))).toBe(true);
        expect(await registry().abort(record(flow, 'second'))).toBe(false);
        expect(await registry().isAborted(flow)).toBe(true);
        expect(await registry().get(flow)).toEqual(record(flow, 'first'));
        expect(await registry().isAborted(other)).toBe(false);
      },
      timeout,
    );

    it(
      'lets exactly one of several concurrent aborts win',
      async () => {
        const flow = randomUUID();
        const results = await Promise.all(
          ['a', 'b', 'c', 'd'].map((reason) => registry().abort(record(flow, reason))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
        expect((await registry().get(flow))?.reason).toBe(winner);
      },
      timeout,
    );

    it(
      'refuses an empty or missing correlation id instead of answering "not aborted"',
      async () => {
        const flow = randomUUID();
        await registry().abort(record(flow, 'kept'));
        for (const bad of ['', undefined, null, 42]) {
          const id = bad as string;
          await expectTypeError(() => registry().isAborted(id), /correlation ?id/i);
          await expectTypeError(() => registry().get(id), /correlation ?id/i);
          await expectTypeError(
            () => registry().abort({ ...record(flow, 'bad'), correlationId: id }),
            /correlation ?id/i,
          );
        }
        // A lone surrogate cannot survive UTF-8: it would turn into another flow's id.
        await expectTypeError(() => registry().isAborted('flow\ud800'), /surrogate/);
        await expectTypeError(() => registry().get('flow\ud800'), /surrogate/);
        await expectTypeError(() => registry().abort(record('flow\ud800', 'bad')), /surrogate/);
        expect((await registry().get(flow))?.reason).toBe('kept');
      },
      timeout,
    );

    it(
      'refuses a record without a valid time or with a field that is not a string',
      async () => {
        const flow = randomUUID();
        await expectTypeError(
          () => registry().abort({ ...record(flow, 'bad'), at: new Date('not a date') }),
          /abort record at must be a valid Date/,
        );
        await expectTypeError(
          () => registry().abort({ ...record(flow, 'bad'), reason: 7 as unknown as string }),
          /abort record reason must be a string/,
        );
        await expectTypeError(
          () => registry().abort(null as unknown as AbortRecord),
          /abort record must be an object/,
        );
        expect(await registry().isAborted(flow)).toBe(false);
      },
      timeout,
    );
  });
}
