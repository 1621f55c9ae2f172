/**
 * The one source of "now" for domain rules and sweeps, so tests move time instead of sleeping
 * (with `ManualClock` in test/support/manual-clock.ts).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
