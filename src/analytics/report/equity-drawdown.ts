/** @module Maximum drawdown of an equity curve at full resolution, with durations in days. */
import type { EquityPoint } from "../journal/types.js";

const DAY = 86_400_000;

/** Drawdown of an equity curve in calendar time. */
export interface EquityDrawdown {
  /** Deepest decline from a running peak, a fraction in [-1, 0]; NaN without points. */
  readonly depth: number;
  /** Longest time spent below a previous peak, in days; 0 when equity never fell. */
  readonly durationDays: number;
  /** Days from the deepest trough until its peak was regained; 0 without drawdown, NaN while not recovered. */
  readonly recoveryDays: number;
}

/**
 * Returns the maximum drawdown of the equity curve itself (every point, not period returns), so
 * an intraday dip that recovered by the close still counts: `min(Eᵢ / maxⱼ≤ᵢ Eⱼ - 1)`. Durations
 * are measured in calendar days between timestamps. Equity at or below zero counts as a -100 %
 * drawdown. The convention matches {@link maxDrawdown}; only the resolution and the time unit differ.
 */
export function equityDrawdown(
  points: readonly EquityPoint[],
  baseline?: EquityPoint,
): EquityDrawdown {
  const first = baseline ?? points[0];
  if (first === undefined) {
    return { depth: Number.NaN, durationDays: Number.NaN, recoveryDays: Number.NaN };
  }
  let peak = first.equity;
  let peakTime = first.timestamp;
  let depth = 0;
  let deepestPeak = Number.NaN;
  let troughTime = Number.NaN;
  let recoveryTime = Number.NaN;
  let longest = 0;
  let underwater = false;
  for (const point of points) {
    if (point.timestamp < first.timestamp) continue;
    if (point.equity >= peak) {
      if (underwater) {
        longest = Math.max(longest, point.timestamp - peakTime);
        if (deepestPeak === peakTime && Number.isNaN(recoveryTime)) recoveryTime = point.timestamp;
      }
      underwater = false;
      peak = point.equity;
      peakTime = point.timestamp;
      continue;
    }
    underwater = true;
    const drawdown = peak > 0 ? Math.max(-1, point.equity / peak - 1) : -1;
    if (drawdown < depth) {
      depth = drawdown;
      deepestPeak = peakTime;
      troughTime = point.timestamp;
      recoveryTime = Number.NaN;
    }
    longest = Math.max(longest, point.timestamp - peakTime);
  }
  let recoveryDays = 0;
  if (depth < 0) recoveryDays = (recoveryTime - troughTime) / DAY;
  return { depth, durationDays: longest / DAY, recoveryDays };
}
