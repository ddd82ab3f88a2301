/** @module Expectancy (expected PnL per trade) of a list of closed-trade PnLs. */
import { averageLoss } from "./average-loss.js";
import { averageWin } from "./average-win.js";
import { winRate } from "./win-rate.js";

/**
 * Returns the expected PnL of one trade: `averageWin × winRate + averageLoss × (1 - winRate)`,
 * which equals the mean PnL per trade.
 *
 * Convention (NautilusTrader `Expectancy`, crates/analysis/src/statistics/expectancy.rs, after
 * Tharp 1998): in the account currency, after fees; break-even trades count as losses.
 * Edge cases: no trades gives NaN (NautilusTrader reports 0); only winners (or only losers) give
 * the average of those, the missing side weighing 0.
 *
 * @example expectancy([10, -5, 15, -10]) // 12.5 × 0.5 + (-7.5) × 0.5 = 2.5
 */
export function expectancy(pnls: readonly number[]): number {
  const rate = winRate(pnls);
  if (Number.isNaN(rate)) return Number.NaN;
  const win = rate > 0 ? averageWin(pnls) * rate : 0;
  const loss = rate < 1 ? averageLoss(pnls) * (1 - rate) : 0;
  return win + loss;
}
