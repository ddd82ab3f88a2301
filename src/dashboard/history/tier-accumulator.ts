/** @module Folds the samples of one coarse step into one point per series (mean, last or max). */
import type { DownsampleMode } from "../types.js";

interface Accumulated {
  sum: number;
  finite: number;
  last: number;
  max: number;
}

/**
 * Collects the samples that fall into one step of a coarse tier and yields one value per
 * series when the step closes: the mean of the finite samples for gauges, the last sample
 * for counters, the largest for states. A series whose samples were all NaN stays NaN, so
 * "no value" is never folded into a zero.
 */
export class TierAccumulator {
  readonly #series = new Map<string, Accumulated>();
  #lastTimeMs = Number.NaN;

  /** Time of the last sample added since the last {@link clear}. */
  get lastTimeMs(): number {
    return this.#lastTimeMs;
  }

  /** Whether no sample was added since the last {@link clear}. */
  get empty(): boolean {
    return Number.isNaN(this.#lastTimeMs);
  }

  /** Adds one sample of `key`. */
  add(key: string, value: number): void {
    let entry = this.#series.get(key);
    if (entry === undefined) {
      entry = { sum: 0, finite: 0, last: Number.NaN, max: Number.NaN };
      this.#series.set(key, entry);
    }
    entry.last = value;
    if (Number.isFinite(value)) {
      entry.sum += value;
      entry.finite++;
      entry.max = Number.isNaN(entry.max) ? value : Math.max(entry.max, value);
    } else if (value === Number.POSITIVE_INFINITY) {
      entry.max = value;
    }
  }

  /** Marks the time of the samples just added. */
  touch(timeMs: number): void {
    this.#lastTimeMs = timeMs;
  }

  /** The folded value of `key` in the step (NaN when it had no sample). */
  value(key: string, mode: DownsampleMode): number {
    const entry = this.#series.get(key);
    if (entry === undefined) return Number.NaN;
    if (mode === "last") return entry.last;
    if (mode === "max") return entry.max;
    return entry.finite === 0 ? Number.NaN : entry.sum / entry.finite;
  }

  /** Forgets the step's samples (keeps the entries to reuse them). */
  clear(): void {
    for (const entry of this.#series.values()) {
      entry.sum = 0;
      entry.finite = 0;
      entry.last = Number.NaN;
      entry.max = Number.NaN;
    }
    this.#lastTimeMs = Number.NaN;
  }
}
