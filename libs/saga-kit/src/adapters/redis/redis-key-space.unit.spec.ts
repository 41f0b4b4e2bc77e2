import { describe, expect, it } from '@jest/globals';
import {
  assertKeyPrefix,
  auditAggregateKeys,
  auditCorrelationKeys,
  baseOfOutboxKey,
  outboxScanPattern,
  streamKeys,
} from './redis-key-space';

/** The part of a key Redis Cluster hashes: between the first `{` and the next `}`, if non-empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('Redis key space', () => {
  it('lays out the keys of a stream under one hash tag', () => {
    const keys = streamKeys('sagakit', { domain: 'hand', root: 'r-1' });
    expect(keys).toEqual({
      base: 'sagakit:{hand:r-1}',
      events: 'sagakit:{hand:r-1}:events',
      dedup: 'sagakit:{hand:r-1}:dedup',
      snapshots: 'sagakit:{hand:r-1}:snapshots',
      outbox: 'sagakit:{hand:r-1}:outbox',
      outboxData: 'sagakit:{hand:r-1}:outbox-data',
      meta: 'sagakit:{hand:r-1}:meta',
    });
  });

  it.each(['r-1', '}', 'a}b', '{', '{}', ':x:', '\u0000\u00ff😀'])(
    'keeps one slot per stream, and apart from other streams, for root %j',
    (root) => {
      const keys = Object.values(streamKeys('p', { domain: 'hand', root }));
      expect(new Set(keys.map(hashTag)).size).toBe(1);
      const other = Object.values(streamKeys('p', { domain: 'hand', root: `${root}x` }));
      for (const key of other) expect(keys).not.toContain(key);
    },
  );

  it('keeps the audit indexes of a correlation and of an aggregate in one slot each', () => {
    for (const keys of [auditCorrelationKeys('p', 'c}1'), auditAggregateKeys('p', 'hand', '{r')]) {
      expect(new Set(Object.values(keys).map(hashTag)).size).toBe(1);
    }
    expect(auditCorrelationKeys('p', 'hand:r').order).not.toBe(
      auditAggregateKeys('p', 'hand', 'r').order,
    );
  });

  it('finds outbox keys by SCAN pattern and back to their stream', () => {
    expect(outboxScanPattern('my*app')).toBe('my\\*app:{*}:outbox');
    const keys = streamKeys('p', { domain: 'hand', root: 'r' });
    expect(baseOfOutboxKey(keys.outbox)).toBe(keys.base);
  });

  it('refuses prefixes that would break the layout', () => {
    expect(() => assertKeyPrefix('a{b')).toThrow(TypeError);
    expect(() => assertKeyPrefix('')).toThrow(TypeError);
  });
});
