/** @module A histogram's buckets over a trailing window, from successive cumulative samples. */
import type { CumulativeBucket } from "./histogram-quantile.js";

interface Snapshot {
  readonly timeMs: number;
  readonly buckets: readonly CumulativeBucket[];
}

/**
 * Turns cumulative bucket samples into the observations of the last `windowMs`, as
 * `rate(x_bucket[window])` does before `histogram_quantile`: the newest sample minus the
 * oldest one still inside the window. Until a full window has been sampled the baseline is
 * zero (every observation since the metric started). A count that went down means the
 * histogram was reset, and the newest sample is taken whole. Holds at most `maxSnapshots`.
 */
export class WindowedHistogram {
  readonly windowMs: number;
  readonly #maxSnapshots: number;
  readonly #snapshots: Snapshot[] = [];
  #firstTimeMs = Number.NaN;

  constructor(windowMs: number, maxSnapshots = 128) {
    this.windowMs = windowMs;
    this.#maxSnapshots = maxSnapshots;
  }

  /** Adds the sample taken at `timeMs` and returns the buckets of the window ending there. */
  update(timeMs: number, buckets: readonly CumulativeBucket[]): CumulativeBucket[] {
    if (Number.isNaN(this.#firstTimeMs)) this.#firstTimeMs = timeMs;
    const snapshots = this.#snapshots;
    snapshots.push({ timeMs, buckets });
    while (
      snapshots.length > this.#maxSnapshots ||
      (snapshots.length > 1 && timeMs - snapshots[0]!.timeMs > this.windowMs)
    ) {
      snapshots.shift();
    }
    if (timeMs - this.#firstTimeMs < this.windowMs) return [...buckets];
    const baseline = new Map<number, number>();
    for (const bucket of snapshots[0]!.buckets) baseline.set(bucket.le, bucket.count);
    const window: CumulativeBucket[] = [];
    for (const bucket of buckets) {
      const before = baseline.get(bucket.le) ?? 0;
      if (bucket.count < before) return [...buckets];
      window.push({ le: bucket.le, count: bucket.count - before });
    }
    return window;
  }
}
