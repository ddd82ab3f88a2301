/** @module Annualised volatility of a series of period returns. */
import { resolveOptions } from "./resolve-options.js";
import { sampleStandardDeviation } from "./sample-standard-deviation.js";
import type { StatisticOptions } from "./types.js";

/**
 * Returns the annualised volatility: `std(r) × √periodsPerYear`, with `std` the sample standard
 * deviation (Bessel's correction, n - 1 in the denominator).
 *
 * Convention (NautilusTrader `ReturnsVolatility`, crates/analysis/src/statistics/returns_volatility.rs):
 * daily returns, sample standard deviation, √252 by default.
 * Edge cases: fewer than two returns give NaN; identical returns give 0 (no dispersion is a real value).
 *
 * @example volatility([0.01, -0.01]) // std = 0.0141421…, × √252 = 0.2244994…
 */
export function volatility(returns: readonly number[], options?: StatisticOptions): number {
  const { periodsPerYear } = resolveOptions(options);
  return sampleStandardDeviation(returns) * Math.sqrt(periodsPerYear);
}
