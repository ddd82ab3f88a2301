/** @module Average winning trade of a list of closed-trade PnLs. */

/**
 * Returns the mean PnL of the winning trades: `Σ pnl / count` over trades with `pnl > 0`.
 *
 * Convention (NautilusTrader `AvgWinner`, crates/analysis/src/statistics/winner_avg.rs): in the
 * account currency, after fees.
 * Edge cases: no winning trade (or no trade) gives NaN (NautilusTrader reports 0).
 *
 * @example averageWin([10, -20, 30, -40]) // (10 + 30) / 2 = 20
 */
export function averageWin(pnls: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const pnl of pnls) {
    if (pnl > 0) {
      sum += pnl;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}
