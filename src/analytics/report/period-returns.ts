/** @module Turns an equity curve into calendar-period returns and PnL, net of deposits and withdrawals. */
import type { EquityPoint } from "../journal/types.js";
import type { FlowInput } from "./types.js";

/** Calendar period of a return: a UTC day or a UTC month. */
export type CalendarPeriod = "day" | "month";

/** Returns the UTC period key of a timestamp: `2026-01-31` for a day, `2026-01` for a month. */
export function periodKey(timestamp: number, period: CalendarPeriod): string {
  const iso = new Date(timestamp).toISOString();
  return period === "day" ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** Returns of consecutive calendar periods of an equity curve. */
export interface PeriodReturns {
  readonly periods: string[];
  /** Timestamp of the last equity point of each period. */
  readonly ends: number[];
  readonly returns: number[];
  /** Equity change minus net flows, per period. */
  readonly pnl: number[];
}

/**
 * Returns one return per calendar period that has equity points: `rₖ = (Eₖ - Eₖ₋₁ - Fₖ) / Eₖ₋₁`,
 * with `Eₖ` the last equity of period k, `E₀` the `baseline` (the last point before the window;
 * by default the first point) and `Fₖ` the deposits minus withdrawals dated in `(endₖ₋₁, endₖ]`
 * (treated as arriving at the period's end, so they are neither profit nor loss). Periods without
 * points are skipped, so a market closed on weekends yields no weekend returns (252 a year); one
 * that never closes yields 365. A period starting from non-positive equity has a NaN return.
 */
export function periodReturns(
  points: readonly EquityPoint[],
  period: CalendarPeriod,
  flows: readonly FlowInput[] = [],
  baseline?: EquityPoint,
): PeriodReturns {
  const result: PeriodReturns = { periods: [], ends: [], returns: [], pnl: [] };
  const start = baseline ?? points[0];
  if (start === undefined) return result;
  const sortedFlows = [...flows].sort((a, b) => a.timestamp - b.timestamp);
  let flowIndex = 0;
  while (flowIndex < sortedFlows.length && sortedFlows[flowIndex]!.timestamp <= start.timestamp) {
    flowIndex++;
  }
  let previous = start.equity;
  let first = baseline === undefined ? 1 : 0;
  while (first < points.length && points[first]!.timestamp <= start.timestamp) first++;
  const bucketOf = bucketFunction(period);
  for (let i = first; i < points.length; i++) {
    const point = points[i]!;
    const bucket = bucketOf(point.timestamp);
    const next = points[i + 1];
    if (next !== undefined && bucketOf(next.timestamp) === bucket) continue;
    let flow = 0;
    while (flowIndex < sortedFlows.length && sortedFlows[flowIndex]!.timestamp <= point.timestamp) {
      flow += sortedFlows[flowIndex]!.amount;
      flowIndex++;
    }
    const pnl = point.equity - previous - flow;
    result.periods.push(periodKey(point.timestamp, period));
    result.ends.push(point.timestamp);
    result.pnl.push(pnl);
    result.returns.push(previous > 0 ? pnl / previous : Number.NaN);
    previous = point.equity;
  }
  return result;
}

const DAY = 86_400_000;

/**
 * Returns a function mapping a timestamp to a number identifying its UTC day or month, cheap
 * enough for every point of a minute-level year: a division for days, and one `Date` per new day
 * for months.
 */
function bucketFunction(period: CalendarPeriod): (timestamp: number) => number {
  if (period === "day") return (timestamp) => Math.floor(timestamp / DAY);
  let lastDay = Number.NaN;
  let lastMonth = Number.NaN;
  return (timestamp) => {
    const day = Math.floor(timestamp / DAY);
    if (day !== lastDay) {
      const date = new Date(day * DAY);
      lastDay = day;
      lastMonth = date.getUTCFullYear() * 12 + date.getUTCMonth();
    }
    return lastMonth;
  };
}
