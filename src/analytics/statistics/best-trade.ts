/** @module Best (largest PnL) closed trade. */

/**
 * Returns the largest PnL among the trades: `max(pnl)`.
 *
 * Convention: over all trades (NautilusTrader's `MaxWinner`, winner_max.rs, looks at winners only),
 * in the account currency, after fees; a negative value
 * when every trade lost.
 * Edge cases: no trades gives NaN.
 *
 * @example bestTrade([10, -20, 30]) // 30
 */
export function bestTrade(pnls: readonly number[]): number {
  if (pnls.length === 0) return Number.NaN;
  let best = Number.NEGATIVE_INFINITY;
  for (const pnl of pnls) if (pnl > best) best = pnl;
  return best;
}
