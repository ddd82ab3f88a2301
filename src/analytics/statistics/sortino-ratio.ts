/** @module Annualised Sortino ratio of a series of period returns. */
import { periodRiskFreeRate, resolveOptions } from "./resolve-options.js";
import { mean } from "./sample-standard-deviation.js";
import type { StatisticOptions } from "./types.js";

/**
 * Returns the annualised Sortino ratio: `mean(r - rf) / DD × √periodsPerYear`, where the
 * downside deviation `DD = sqrt(Σ min(rᵢ - rf, 0)² / n)` divides by the count of all `n`
 * periods, not only the losing ones.
 *
 * Convention (NautilusTrader `SortinoRatio`, crates/analysis/src/statistics/sortino_ratio.rs,
 * after Sortino & van der Meer 1991): daily returns, downside deviation over all periods, √252,
 * risk-free rate 0 (which is also the target return) by default.
 * Edge cases: fewer than two returns, or no period below the risk-free rate (downside deviation
 * below `Number.EPSILON`), give NaN.
 *
 * @example sortinoRatio([-0.01, 0.02, -0.015, 0.005, -0.02]) // -5.27322449…
 */
export function sortinoRatio(returns: readonly number[], options?: StatisticOptions): number {
  const resolved = resolveOptions(options);
  const n = returns.length;
  if (n < 2) return Number.NaN;
  const rf = periodRiskFreeRate(resolved);
  const excess = rf === 0 ? returns : returns.map((r) => r - rf);
  let squares = 0;
  for (const value of excess) if (value < 0) squares += value * value;
  const downside = Math.sqrt(squares / n);
  if (!(downside >= Number.EPSILON)) return Number.NaN;
  return (mean(excess) / downside) * Math.sqrt(resolved.periodsPerYear);
}
