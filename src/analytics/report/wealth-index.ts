/** @module A flow-adjusted (time-weighted) wealth index of an equity curve. */
import type { EquityPoint } from "../journal/types.js";
import type { FlowInput } from "./types.js";

/**
 * Returns the time-weighted wealth index of the curve, starting at 1 at the baseline (the first
 * point by default): `Wᵢ = Wᵢ₋₁ × (Eᵢ - Fᵢ) / Eᵢ₋₁`, where `Fᵢ` is the net deposits dated in
 * `(tᵢ₋₁, tᵢ]`. A deposit therefore raises equity without raising the index, so drawdowns and
 * recoveries measure trading alone. Equity at or below zero sets the index to 0 (ruin).
 */
export function wealthIndex(
  points: readonly EquityPoint[],
  flows: readonly FlowInput[] = [],
  baseline?: EquityPoint,
): EquityPoint[] {
  const start = baseline ?? points[0];
  if (start === undefined) return [];
  const sortedFlows = [...flows].sort((a, b) => a.timestamp - b.timestamp);
  let flowIndex = 0;
  while (flowIndex < sortedFlows.length && sortedFlows[flowIndex]!.timestamp <= start.timestamp) {
    flowIndex++;
  }
  const index: EquityPoint[] = [{ timestamp: start.timestamp, equity: 1 }];
  let wealth = 1;
  let previous = start.equity;
  for (const point of points) {
    if (point.timestamp <= start.timestamp) continue;
    let flow = 0;
    while (flowIndex < sortedFlows.length && sortedFlows[flowIndex]!.timestamp <= point.timestamp) {
      flow += sortedFlows[flowIndex]!.amount;
      flowIndex++;
    }
    wealth = previous > 0 ? Math.max(0, (wealth * (point.equity - flow)) / previous) : 0;
    previous = point.equity;
    index.push({ timestamp: point.timestamp, equity: wealth });
  }
  return index;
}
