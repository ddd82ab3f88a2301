/** @module Compound annual growth rate of a series of period returns. */
import { resolveOptions } from "./resolve-options.js";
import { totalReturn } from "./total-return.js";
import type { StatisticOptions } from "./types.js";

/**
 * Returns the compound annual growth rate: `(1 + totalReturn)^(periodsPerYear / n) - 1`,
 * where `n` is the number of periods.
 *
 * Convention (NautilusTrader `CAGR`, crates/analysis/src/statistics/cagr.rs): daily periods,
 * `periodsPerYear` 252 by default (365 for markets that never close), annualised by the count of
 * observed periods, not by calendar time.
 * Edge cases: an empty series, or a result that is not finite, gives NaN; total ruin gives -1.
 *
 * @example cagr([0.001, 0.001], { periodsPerYear: 252 }) // 1.001^252 - 1
 */
export function cagr(returns: readonly number[], options?: StatisticOptions): number {
  const { periodsPerYear } = resolveOptions(options);
  if (returns.length === 0) return Number.NaN;
  const growth = (1 + totalReturn(returns)) ** (periodsPerYear / returns.length) - 1;
  return Number.isFinite(growth) ? growth : Number.NaN;
}
