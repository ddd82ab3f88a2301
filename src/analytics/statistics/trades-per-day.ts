/** @module Trading frequency: closed trades per day. */

const MILLISECONDS_PER_DAY = 86_400_000;

/** The time span over which trades are counted, in epoch milliseconds. */
export interface TradesPerDayOptions {
  /** Start of the window; defaults to the first close time. */
  readonly from?: number | undefined;
  /** End of the window; defaults to the last close time. */
  readonly to?: number | undefined;
}

/**
 * Returns the number of trades closed per day: `n / max(1, (to - from) / 86 400 000)`.
 *
 * Convention: calendar days (24 h), so a market that closes on weekends counts them too; a span
 * shorter than one day counts as one day, so a burst of trades in an hour is not extrapolated.
 * Edge cases: no trades with an explicit window gives 0 (a real frequency); no trades and no
 * window gives NaN (no span observed); a window that ends before it starts gives NaN.
 *
 * @example tradesPerDay([0, 43_200_000, 172_800_000]) // 3 trades over 2 days = 1.5
 */
export function tradesPerDay(
  closedAt: readonly number[],
  options: TradesPerDayOptions = {},
): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of closedAt) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const from = options.from ?? first;
  const to = options.to ?? last;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return Number.NaN;
  const days = Math.max(1, (to - from) / MILLISECONDS_PER_DAY);
  return closedAt.length / days;
}
