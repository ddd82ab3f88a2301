/** @module Longest run of consecutive losing trades. */

/**
 * Returns the length of the longest run of consecutive trades with `pnl ≤ 0`, in the order given
 * (order trades by close time).
 *
 * Convention: the classification of {@link winRate}: a break-even trade extends a losing streak.
 * Edge cases: no trades, or no losing trade, gives 0, the length of the longest (empty) run.
 *
 * @example longestLossStreak([1, -2, 0, -3, 4]) // 3
 */
export function longestLossStreak(pnls: readonly number[]): number {
  let longest = 0;
  let current = 0;
  for (const pnl of pnls) {
    current = pnl <= 0 ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}
