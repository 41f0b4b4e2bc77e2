import type { Clock } from '@saga-kit/core';

/**
 * The demo's clock: the wall clock, moved forward on demand, so a player's 30 seconds to act can
 * run out in an instant. It never goes back, so the timelines stay in order.
 */
export class DemoClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`the demo clock only moves forward, got ${ms} ms`);
    }
    this.offsetMs += ms;
  }
}
