/** Source of time for the runtime; deciders get time from their context, never from `new Date()`. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
