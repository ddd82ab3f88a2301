/** @module Worst (smallest PnL) closed trade. */

/**
 * Returns the smallest PnL among the trades: `min(pnl)`.
 *
 * Convention: over all trades (NautilusTrader's `MaxLoser`, loser_max.rs, looks at losers only),
 * in the account currency, after fees; a positive value
 * when every trade won.
 * Edge cases: no trades gives NaN.
 *
 * @example worstTrade([10, -20, 30]) // -20
 */
export function worstTrade(pnls: readonly number[]): number {
  if (pnls.length === 0) return Number.NaN;
  let worst = Number.POSITIVE_INFINITY;
  for (const pnl of pnls) if (pnl < worst) worst = pnl;
  return worst;
}
