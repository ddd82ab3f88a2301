/** @module Returns volatility: the standard deviation of a symbol's last bar-to-bar returns, a feature both strategies share. */

import type { Bar } from "../types.js";
import type { FeatureCache } from "./feature-cache.js";

/** Returns in the window. Both strategies use the same, so they share one cached value per bar. */
export const returnsVolatilityPeriod = 20;

const feature = `returns_volatility_${returnsVolatilityPeriod}`;

/**
 * Keeps each symbol's last {@link returnsVolatilityPeriod} + 1 closes and returns the
 * population standard deviation of their simple returns, through the feature cache (one
 * value per symbol and bar time). Undefined until the window is full, so that a value is a
 * function of the bar series alone and two strategies (or two runs) agree on it.
 *
 * @example
 * const volatility = new ReturnsVolatility(cache);
 * const sigma = volatility.add(bar); // undefined for the first 20 bars of a symbol
 */
export class ReturnsVolatility {
  readonly #cache: FeatureCache;
  readonly #windows = new Map<string, CloseWindow>();

  constructor(cache: FeatureCache) {
    this.#cache = cache;
  }

  /** Feeds one bar; returns the volatility of its symbol's window once full. */
  add(bar: Bar): number | undefined {
    let window = this.#windows.get(bar.symbol);
    if (window === undefined) {
      window = new CloseWindow(returnsVolatilityPeriod + 1);
      this.#windows.set(bar.symbol, window);
    }
    window.push(bar.close);
    if (!window.full) return undefined;
    return this.#cache.get(feature, bar.symbol, bar.timestamp, window.compute);
  }

  /** Forgets every symbol's window. */
  reset(): void {
    this.#windows.clear();
  }
}

/** The last `size` closes of one symbol in a ring, with its volatility function bound once (no allocation per bar). */
class CloseWindow {
  readonly #closes: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    this.#closes = new Float64Array(size);
  }

  get full(): boolean {
    return this.#count === this.#closes.length;
  }

  push(close: number): void {
    this.#closes[this.#next] = close;
    this.#next = (this.#next + 1) % this.#closes.length;
    if (this.#count < this.#closes.length) this.#count += 1;
  }

  /** Population standard deviation of `close[i] / close[i - 1] - 1`, oldest first. */
  readonly compute = (): number => {
    const closes = this.#closes;
    const size = closes.length;
    let sum = 0;
    let sumOfSquares = 0;
    let previous = closes[this.#next] as number;
    for (let step = 1; step < size; step++) {
      const close = closes[(this.#next + step) % size] as number;
      const value = close / previous - 1;
      sum += value;
      sumOfSquares += value * value;
      previous = close;
    }
    const count = size - 1;
    const mean = sum / count;
    return Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean));
  };
}
