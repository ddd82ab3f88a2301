/** @module Annualised Sharpe ratio of a series of period returns. */
import { periodRiskFreeRate, resolveOptions } from "./resolve-options.js";
import { mean, sampleStandardDeviation } from "./sample-standard-deviation.js";
import type { StatisticOptions } from "./types.js";

/**
 * Returns the annualised Sharpe ratio: `mean(r - rf) / std(r - rf) × √periodsPerYear`, with `rf`
 * the per-period risk-free rate `(1 + riskFreeRate)^(1 / periodsPerYear) - 1` and `std` the
 * sample standard deviation.
 *
 * Convention (NautilusTrader `SharpeRatio`, crates/analysis/src/statistics/sharpe_ratio.rs):
 * daily returns, sample standard deviation, √252, risk-free rate 0 by default.
 * Edge cases: fewer than two returns, or a standard deviation below `Number.EPSILON` (zero
 * variance), give NaN.
 *
 * @example sharpeRatio([0.01, -0.02, 0.015, -0.005, 0.025]) // 4.48998886…
 */
export function sharpeRatio(returns: readonly number[], options?: StatisticOptions): number {
  const resolved = resolveOptions(options);
  if (returns.length < 2) return Number.NaN;
  const rf = periodRiskFreeRate(resolved);
  const excess = rf === 0 ? returns : returns.map((r) => r - rf);
  const deviation = sampleStandardDeviation(excess);
  if (!(deviation >= Number.EPSILON)) return Number.NaN;
  return (mean(excess) / deviation) * Math.sqrt(resolved.periodsPerYear);
}
