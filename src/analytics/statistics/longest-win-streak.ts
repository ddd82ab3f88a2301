/** @module Longest run of consecutive winning trades. */

/**
 * Returns the length of the longest run of consecutive trades with `pnl > 0`, in the order given
 * (order trades by close time).
 *
 * Convention: the classification of {@link winRate}: a break-even trade ends a winning streak.
 * Edge cases: no trades, or no winning trade, gives 0, the length of the longest (empty) run.
 *
 * @example longestWinStreak([1, 2, -1, 3, 4, 5]) // 3
 */
export function longestWinStreak(pnls: readonly number[]): number {
  let longest = 0;
  let current = 0;
  for (const pnl of pnls) {
    current = pnl > 0 ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}
