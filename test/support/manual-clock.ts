import type { Clock } from '../../src/clock.js';

/**
 * A clock that tests move by hand, so time-based rules (reminders, expiries, invite sweeps) are
 * tested by moving time instead of sleeping. Test-only: the bot itself runs on `systemClock`.
 */
export class ManualClock implements Clock {
  #now: Date;
  constructor(start: Date | string) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(to: Date | string): void {
    this.#now = new Date(to);
  }
  advance(milliseconds: number): void {
    this.#now = new Date(this.#now.getTime() + milliseconds);
  }
}
