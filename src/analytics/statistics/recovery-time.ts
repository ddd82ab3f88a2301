/** @module Time to recover from the maximum drawdown of a series of period returns. */
import { maxDrawdown } from "./max-drawdown.js";

/**
 * Returns the number of periods from the trough of the deepest drawdown until wealth regained
 * the peak before it: `recoveryIndex - troughIndex` of {@link maxDrawdown}.
 *
 * Convention: counted in periods of the input (days for daily returns); multiply by the period
 * length for calendar time.
 * Edge cases: an empty series gives NaN; a series that never falls gives 0 (nothing to recover
 * from); a drawdown not yet recovered gives NaN (the time is not known yet).
 *
 * @example recoveryTime([0.1, -0.1, 0.05, 0.1]) // trough at 1, peak regained at 3 → 2
 */
export function recoveryTime(returns: readonly number[]): number {
  const drawdown = maxDrawdown(returns);
  if (Number.isNaN(drawdown.depth)) return Number.NaN;
  if (drawdown.troughIndex === -1) return 0;
  if (drawdown.recoveryIndex === -1) return Number.NaN;
  return drawdown.recoveryIndex - drawdown.troughIndex;
}
