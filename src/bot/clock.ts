/** @module The bot's clock: wall time live, simulated time in backtests and on the simulated market. */

/** Tells the time in milliseconds since the epoch. Components never call `Date.now()` directly. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/**
 * A clock that moves only when told to, so that the same inputs replay the same times.
 *
 * @example
 * const clock = new SimulatedClock(Date.UTC(2024, 0, 1));
 * clock.advance(60_000);
 */
export class SimulatedClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `milliseconds` (never backward). */
  advance(milliseconds: number): void {
    if (milliseconds > 0) this.#now += milliseconds;
  }

  /** Moves the clock to `timestamp` if it is later than now. */
  advanceTo(timestamp: number): void {
    if (timestamp > this.#now) this.#now = timestamp;
  }
}
