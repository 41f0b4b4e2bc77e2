import { describe, expect, it } from '@jest/globals';
import { assertStreamId } from './event-store-validation';
import { assertId } from './values';

/** The rules that keep ids usable as Kafka keys and Redis keys, shared by every adapter. */
describe('port input validation', () => {
  it('refuses stream ids whose domain or root would break a key', () => {
    expect(() => assertStreamId({ domain: 'a:b', root: 'r' })).toThrow(TypeError);
    expect(() => assertStreamId({ domain: 'hand', root: 'x\udfff' })).toThrow(/surrogate/);
    expect(() => assertStreamId({ domain: 'hand', root: '😀' })).not.toThrow();
  });

  it('refuses ids that cannot be part of a key, naming them', () => {
    expect(() => assertId('', 'correlationId')).toThrow('correlationId must be a non-empty string');
    expect(() => assertId(42, 'dedup key')).toThrow('dedup key must be a non-empty string');
    expect(() => assertId('a\ud800', 'correlationId')).toThrow(/correlationId.*surrogate/);
    expect(() => assertId('c}{:😀', 'correlationId')).not.toThrow();
  });
});
