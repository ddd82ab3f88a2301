/** @module A budget of event-loop time for long work done in parts: it yields a turn of the event loop once the budget is spent. */
import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Lets long synchronous work (encoding and compressing a large remote-write batch) share the
 * event loop: call {@link TimeSlice.pause} between parts; once `budgetMs` of wall time has
 * passed since the last turn, it yields one (`setImmediate`), so a served /metrics, timers and
 * I/O wait at most about one budget plus one part.
 *
 * @example
 * const slice = new TimeSlice(5);
 * for (const part of parts) { encode(part); await slice.pause(); }
 */
export class TimeSlice {
  readonly #budgetMs: number;
  #started = performance.now();

  constructor(budgetMs: number) {
    this.#budgetMs = budgetMs;
  }

  /** Yields a turn of the event loop if the budget is spent, and starts a new one after it. */
  async pause(): Promise<void> {
    if (performance.now() - this.#started < this.#budgetMs) return;
    await this.yield();
  }

  /** Yields a turn of the event loop now, and starts a new budget after it. */
  async yield(): Promise<void> {
    await nextTurn();
    this.#started = performance.now();
  }
}
