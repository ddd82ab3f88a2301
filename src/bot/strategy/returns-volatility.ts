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
  readonly #closes = new Map<string, number[]>();

  constructor(cache: FeatureCache) {
    this.#cache = cache;
  }

  /** Feeds one bar; returns the volatility of its symbol's window once full. */
  add(bar: Bar): number | undefined {
    let closes = this.#closes.get(bar.symbol);
    if (closes === undefined) {
      closes = [];
      this.#closes.set(bar.symbol, closes);
    }
    closes.push(bar.close);
    if (closes.length > returnsVolatilityPeriod + 1) closes.shift();
    if (closes.length <= returnsVolatilityPeriod) return undefined;
    const window = closes;
    return this.#cache.get(feature, bar.symbol, bar.timestamp, () =>
      standardDeviationOfReturns(window),
    );
  }

  /** Forgets every symbol's window. */
  reset(): void {
    this.#closes.clear();
  }
}

/** Population standard deviation of `closes[i] / closes[i - 1] - 1`. */
function standardDeviationOfReturns(closes: readonly number[]): number {
  let sum = 0;
  let sumOfSquares = 0;
  const count = closes.length - 1;
  for (let i = 1; i < closes.length; i++) {
    const previous = closes[i - 1] as number;
    const value = (closes[i] as number) / previous - 1;
    sum += value;
    sumOfSquares += value * value;
  }
  const mean = sum / count;
  return Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean));
}
