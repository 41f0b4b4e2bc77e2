import type { Clock } from '../../ports/clock.port';

/** A clock that moves only when told to, for deterministic tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string | number = '2024-01-01T00:00:00.000Z') {
    this.current = toTime(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance takes a non-negative duration, got ${ms}`);
    this.current += ms;
    return this.now();
  }

  /** Sets the clock to `date` (it may go backwards, to test clock skew). */
  set(date: Date | string | number): void {
    this.current = toTime(date);
  }
}

function toTime(value: Date | string | number): number {
  const time = new Date(value).getTime();
  if (Number.isNaN(time)) throw new RangeError(`not a valid date: ${String(value)}`);
  return time;
}
