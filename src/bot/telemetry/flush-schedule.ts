/** @module When gauges that every cycle moves are written: at most once per interval, reading the clock only as often as needed. */
import { performance } from "node:perf_hooks";

/** Clock reads per flush interval that the schedule aims at. */
const READS_PER_INTERVAL = 4;
/** The most cycles between two clock reads. */
const MAX_CYCLES_PER_READ = 1_000;

/**
 * Says, once per cycle, whether `intervalMs` has passed since the last flush. Reading the clock
 * (`performance.now()`) allocates a number on the heap, so at thousands of cycles a second (a
 * backtest) the schedule reads it only every n-th cycle, n chosen from the cycle rate it
 * measured so that it still reads it about four times per interval; a live bot's slow cycles
 * read it every cycle. An interval of 0 is due every cycle.
 */
export class FlushSchedule {
  readonly intervalMs: number;
  #lastFlush = performance.now();
  #lastRead = this.#lastFlush;
  #cyclesPerRead = 1;
  #cyclesUntilRead = 1;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** Called once per cycle: whether to flush now. */
  due(): boolean {
    if (this.intervalMs <= 0) return true;
    if (--this.#cyclesUntilRead > 0) return false;
    const now = performance.now();
    const perCycle = (now - this.#lastRead) / this.#cyclesPerRead;
    this.#lastRead = now;
    this.#cyclesPerRead =
      perCycle > 0
        ? Math.max(
            1,
            Math.min(
              MAX_CYCLES_PER_READ,
              Math.floor(this.intervalMs / READS_PER_INTERVAL / perCycle),
            ),
          )
        : MAX_CYCLES_PER_READ;
    this.#cyclesUntilRead = this.#cyclesPerRead;
    if (now - this.#lastFlush < this.intervalMs) return false;
    this.#lastFlush = now;
    return true;
  }

  /** Records a flush made outside the schedule (on stop, on demand). */
  flushed(): void {
    this.#lastFlush = performance.now();
  }
}
