/** @module Payoff ratio (average win over average loss) of a list of closed-trade PnLs. */
import { averageLoss } from "./average-loss.js";
import { averageWin } from "./average-win.js";

/**
 * Returns the payoff ratio: `averageWin / |averageLoss|`, how much a typical win pays relative to
 * a typical loss.
 *
 * Convention: the same classification as {@link averageWin} and {@link averageLoss} (break-even
 * trades are losses), after fees.
 * Edge cases: no winning trade, no losing trade, or an average loss of exactly 0 (only break-even
 * losers) give NaN.
 *
 * @example payoffRatio([10, -5, 30, -15]) // 20 / 10 = 2
 */
export function payoffRatio(pnls: readonly number[]): number {
  const win = averageWin(pnls);
  const loss = averageLoss(pnls);
  if (Number.isNaN(win) || Number.isNaN(loss) || loss === 0) return Number.NaN;
  return win / -loss;
}
