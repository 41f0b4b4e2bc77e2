import { deterministicId, isUuid, newRoot, rootToString, uuidToBytes } from './ids';

describe('ids', () => {
  it('round-trips a root between bytes and its UUID string', () => {
    const root = newRoot();
    const text = rootToString(root);
    expect(isUuid(text)).toBe(true);
    expect(uuidToBytes(text)).toEqual(root);
  });

  it('refuses roots that are not 16 bytes and strings that are not UUIDs', () => {
    expect(() => rootToString(new Uint8Array(15))).toThrow(/16 bytes/);
    expect(() => uuidToBytes('hand-1')).toThrow(/not a UUID/);
  });

  it('derives the same id from the same parts, and another from other parts', () => {
    const a = deterministicId('saga', 'hand', 'root', 5, 0);
    expect(deterministicId('saga', 'hand', 'root', 5, 0)).toBe(a);
    expect(deterministicId('saga', 'hand', 'root', 5, 1)).not.toBe(a);
    expect(deterministicId('saga', 'hand', 'root5', 0)).not.toBe(
      deterministicId('saga', 'hand', 'root', 50),
    );
    expect(a[14]).toBe('5');
    expect(isUuid(a)).toBe(true);
  });
});
