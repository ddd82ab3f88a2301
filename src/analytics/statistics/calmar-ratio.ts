/** @module Calmar ratio of a series of period returns. */
import { cagr } from "./cagr.js";
import { maxDrawdown } from "./max-drawdown.js";
import type { StatisticOptions } from "./types.js";

/**
 * Returns the Calmar ratio: `CAGR / |max drawdown depth|`.
 *
 * Convention (NautilusTrader `CalmarRatio`, crates/analysis/src/statistics/calmar_ratio.rs, after
 * Young 1991): CAGR annualised with `periodsPerYear` (252 by default) over the whole series, not
 * the trailing 36 months of the original definition.
 * Edge cases: an empty series gives NaN; a series without drawdown gives NaN (NautilusTrader
 * reports 0 there, which reads as "no return per unit of risk"; we refuse to report a silent 0).
 *
 * @example calmarRatio([0.1, -0.1], { periodsPerYear: 2 }) // (0.99 - 1) / 0.1 = -0.1
 */
export function calmarRatio(returns: readonly number[], options?: StatisticOptions): number {
  const growth = cagr(returns, options);
  const { depth } = maxDrawdown(returns);
  if (Number.isNaN(growth) || !(depth < 0)) return Number.NaN;
  const ratio = growth / Math.abs(depth);
  return Number.isFinite(ratio) ? ratio : Number.NaN;
}
