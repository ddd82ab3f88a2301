/** @module Win rate of a list of closed-trade PnLs. */

/**
 * Returns the fraction of winning trades: `count(pnl > 0) / n`.
 *
 * Convention (NautilusTrader `WinRate`, crates/analysis/src/statistics/win_rate.rs): a trade wins
 * when its realised PnL (after fees) is strictly positive; a break-even trade counts as a loss.
 * Edge cases: no trades gives NaN (NautilusTrader reports 0, which would read as "every trade lost").
 *
 * @example winRate([100, -50, 200, -100]) // 2 / 4 = 0.5
 */
export function winRate(pnls: readonly number[]): number {
  if (pnls.length === 0) return Number.NaN;
  let wins = 0;
  for (const pnl of pnls) if (pnl > 0) wins++;
  return wins / pnls.length;
}
