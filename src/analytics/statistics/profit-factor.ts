/** @module Profit factor of a list of closed-trade PnLs. */

/**
 * Returns the profit factor: `Σ pnl⁺ / |Σ pnl⁻|`, gross profit over gross loss.
 *
 * Convention (NautilusTrader `ProfitFactor`, crates/analysis/src/statistics/profit_factor.rs).
 * Edge cases: no trades gives NaN; no losing trade (gross loss 0) gives NaN, as in
 * NautilusTrader, rather than Infinity; only losing trades give 0 (a real value: no profit at all).
 *
 * @example profitFactor([10, -20, 30, -40]) // 40 / 60 = 0.667
 */
export function profitFactor(pnls: readonly number[]): number {
  let profit = 0;
  let loss = 0;
  for (const pnl of pnls) {
    if (pnl >= 0) profit += pnl;
    else loss += pnl;
  }
  if (loss === 0) return Number.NaN;
  return profit / -loss;
}
