import { describe, expect, it } from '@jest/globals';
import type { OutboxMessage } from '../../ports/event-store.port';
import { decodeOutboxMessage, encodeOutboxMessage } from './outbox-message.codec';

const message: OutboxMessage = {
  id: 'id-😀',
  topic: 'sagakit.hand.events',
  key: '\u0000key\u00ff',
  value: Uint8Array.from({ length: 256 }, (_, i) => i),
  headers: { 'message-id': 'id-😀', empty: '', note: 'π\u0000' },
};

describe('outbox message codec', () => {
  it('round-trips every field, byte for byte', () => {
    const decoded = decodeOutboxMessage(encodeOutboxMessage(message));
    expect(decoded).toEqual(message);
    expect(Buffer.isBuffer(decoded.value)).toBe(false);
  });

  it('round-trips a value that is a view into a larger buffer', () => {
    const backing = Buffer.from('xxhelloxx');
    const view = { ...message, value: backing.subarray(2, 7) };
    expect(Buffer.from(decodeOutboxMessage(encodeOutboxMessage(view)).value).toString()).toBe(
      'hello',
    );
  });

  it('refuses truncated, extended or foreign bytes', () => {
    const bytes = encodeOutboxMessage(message);
    expect(() => decodeOutboxMessage(bytes.subarray(0, bytes.length - 1))).toThrow(/corrupt/);
    expect(() => decodeOutboxMessage(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/corrupt/);
    expect(() => decodeOutboxMessage(Buffer.from([9, 0, 0]))).toThrow(/version 9/);
    expect(() => decodeOutboxMessage(Buffer.alloc(0))).toThrow(/corrupt/);
  });
});
