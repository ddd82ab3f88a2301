/** @module PromQL's histogram_quantile over cumulative buckets, for the dashboard's p50/p95. */

/** One cumulative bucket: observations less than or equal to `le`. */
export interface CumulativeBucket {
  readonly le: number;
  readonly count: number;
}

/**
 * Returns the `q`-quantile of a histogram the way Prometheus' `histogram_quantile` does:
 * buckets sorted by upper bound, the last one `+Inf`; linear interpolation inside the bucket
 * the rank falls in, from 0 for the first bucket (when its bound is positive); the upper
 * bound of the last finite bucket when the rank falls in `+Inf`. NaN without observations,
 * without an `+Inf` bucket or with fewer than two buckets; -Inf for q < 0, +Inf for q > 1.
 * Counts that decrease with `le` (a scrape racing an observation) are raised to stay
 * monotonic, as Prometheus does.
 *
 * @example
 * histogramQuantile(0.5, [{ le: 1, count: 2 }, { le: 2, count: 4 }, { le: Infinity, count: 4 }]); // 1
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (sorted.length < 2) return Number.NaN;
  if (sorted[sorted.length - 1]!.le !== Number.POSITIVE_INFINITY) return Number.NaN;
  const counts = sorted.map((bucket) => bucket.count);
  for (let index = 1; index < counts.length; index++) {
    if (counts[index]! < counts[index - 1]!) counts[index] = counts[index - 1]!;
  }
  const total = counts[counts.length - 1]!;
  if (!(total > 0)) return Number.NaN;
  let rank = q * total;
  let bucket = 0;
  while (bucket < counts.length - 1 && counts[bucket]! < rank) bucket++;
  if (bucket === counts.length - 1) return sorted[counts.length - 2]!.le;
  const upper = sorted[bucket]!.le;
  if (bucket === 0 && upper <= 0) return upper;
  let lower = 0;
  let count = counts[bucket]!;
  if (bucket > 0) {
    lower = sorted[bucket - 1]!.le;
    count -= counts[bucket - 1]!;
    rank -= counts[bucket - 1]!;
  }
  return lower + (upper - lower) * (rank / count);
}
