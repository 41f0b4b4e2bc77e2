import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  it('moves only when told to', () => {
    const clock = new ManualClock('2024-05-01T10:00:00Z');
    expect(clock.now().toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(clock.advance(1500).toISOString()).toBe('2024-05-01T10:00:01.500Z');
    clock.set(new Date('2023-12-31T23:59:59Z'));
    expect(clock.now().toISOString()).toBe('2023-12-31T23:59:59.000Z');
  });

  it('returns copies, so a caller cannot move the clock by mutating a date', () => {
    const clock = new ManualClock(0);
    clock.now().setTime(99);
    expect(clock.now().getTime()).toBe(0);
  });

  it('refuses negative durations and invalid dates', () => {
    const clock = new ManualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.set('nonsense')).toThrow('not a valid date');
  });
});
