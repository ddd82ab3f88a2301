/** @module Average losing trade of a list of closed-trade PnLs. */

/**
 * Returns the mean PnL of the losing trades, a number ≤ 0: `Σ pnl / count` over trades with
 * `pnl ≤ 0`.
 *
 * Convention (NautilusTrader `AvgLoser`, crates/analysis/src/statistics/loser_avg.rs): break-even
 * trades count as losses, as in {@link winRate}; in the account currency, after fees.
 * Edge cases: no losing trade (or no trade) gives NaN (NautilusTrader reports 0).
 *
 * @example averageLoss([10, 0, -20, -30]) // (0 - 20 - 30) / 3 = -16.67
 */
export function averageLoss(pnls: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const pnl of pnls) {
    if (pnl <= 0) {
      sum += pnl;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}
