/** @module Maximum drawdown (depth and duration) of a series of period returns. */
import type { Drawdown } from "./types.js";

/**
 * Returns the maximum drawdown of the wealth curve `W₀ = 1, Wᵢ = Wᵢ₋₁ × (1 + rᵢ)`:
 * `depth = min over i of (Wᵢ / maxⱼ≤ᵢ Wⱼ - 1)`, a fraction in [-1, 0], and `duration`, the
 * longest count of periods spent below a previous peak (until the period that regains it, or
 * until the end when it never does).
 *
 * Convention (NautilusTrader `MaxDrawdown`, crates/analysis/src/statistics/max_drawdown.rs):
 * compounded simple returns starting from wealth 1, depth reported as a negative fraction.
 * Wealth that falls to zero or below stays at zero (ruin), so depth never goes below -1.
 * Edge cases: an empty series gives NaN depth and duration (nothing observed); a series that never
 * falls gives depth 0 and duration 0.
 *
 * @example maxDrawdown([0.1, -0.1]).depth // 0.99 / 1.1 - 1 = -0.1
 */
export function maxDrawdown(returns: readonly number[]): Drawdown {
  if (returns.length === 0) {
    return {
      depth: Number.NaN,
      duration: Number.NaN,
      peakIndex: -1,
      troughIndex: -1,
      recoveryIndex: -1,
    };
  }
  let wealth = 1;
  let peak = 1;
  let peakIndex = -1;
  let depth = 0;
  let deepestPeak = -1;
  let troughIndex = -1;
  let recoveryIndex = -1;
  let duration = 0;
  for (let i = 0; i < returns.length; i++) {
    wealth = Math.max(0, wealth * (1 + returns[i]!));
    if (wealth >= peak) {
      if (i - peakIndex > 1) {
        // Wealth spent periods peakIndex+1 … i-1 below the peak and regains it now.
        duration = Math.max(duration, i - peakIndex);
        if (deepestPeak === peakIndex && recoveryIndex === -1 && troughIndex !== -1) {
          recoveryIndex = i;
        }
      }
      peak = wealth;
      peakIndex = i;
      continue;
    }
    const drawdown = wealth / peak - 1;
    if (drawdown < depth) {
      depth = drawdown;
      deepestPeak = peakIndex;
      troughIndex = i;
      recoveryIndex = -1;
    }
    duration = Math.max(duration, i - peakIndex);
  }
  return { depth, duration, peakIndex: deepestPeak, troughIndex, recoveryIndex };
}
