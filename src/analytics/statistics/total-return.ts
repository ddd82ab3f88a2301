/** @module Total (compounded) return of a series of period returns. */

/**
 * Returns the compounded return of the series: `Π (1 + rᵢ) - 1`.
 *
 * Convention: returns are simple (not log) returns, so `0.01` is +1 %. Wealth that falls to
 * zero or below stays at zero (ruin), so the result is never below -1.
 * Edge cases: an empty series gives NaN (no period was observed).
 *
 * @example totalReturn([0.1, -0.1]) // 1.1 × 0.9 - 1 = -0.01
 */
export function totalReturn(returns: readonly number[]): number {
  if (returns.length === 0) return Number.NaN;
  let wealth = 1;
  for (const r of returns) wealth = Math.max(0, wealth * (1 + r));
  return wealth - 1;
}
