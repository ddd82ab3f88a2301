import { describe, expect, it } from "vitest";
import { type CumulativeBucket, histogramQuantile } from "./histogram-quantile.js";

/** Cumulative buckets of `observations` for the given upper bounds (+Inf added). */
function bucketsOf(bounds: readonly number[], observations: readonly number[]): CumulativeBucket[] {
  return [...bounds, Number.POSITIVE_INFINITY].map((le) => ({
    le,
    count: observations.filter((value) => value <= le).length,
  }));
}

describe("histogramQuantile", () => {
  it("recovers the quantile of evenly spread observations by linear interpolation", () => {
    const bounds = [0.1, 0.2, 0.3, 0.4, 0.5];
    // 100 observations spread evenly over (0, 0.5]: the q-quantile is q * 0.5.
    const observations = Array.from({ length: 100 }, (_, index) => ((index + 1) / 100) * 0.5);
    const buckets = bucketsOf(bounds, observations);
    for (const q of [0.1, 0.25, 0.5, 0.9, 0.95]) {
      expect(histogramQuantile(q, buckets)).toBeCloseTo(q * 0.5, 10);
    }
  });

  it("returns the last finite bound when the rank falls in +Inf, as Prometheus does", () => {
    const buckets = bucketsOf([1, 2], [0.5, 1.5, 5, 7, 9]);
    expect(histogramQuantile(0.95, buckets)).toBe(2);
  });

  it("interpolates the first bucket from zero", () => {
    const buckets = bucketsOf([4, 8], [1, 2, 3, 4]);
    expect(histogramQuantile(0.5, buckets)).toBe(2);
  });

  it("is NaN without observations, without +Inf, or with one bucket", () => {
    expect(histogramQuantile(0.5, bucketsOf([1, 2], []))).toBeNaN();
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 3 },
        { le: 2, count: 4 },
      ]),
    ).toBeNaN();
    expect(histogramQuantile(0.5, [{ le: Number.POSITIVE_INFINITY, count: 4 }])).toBeNaN();
  });

  it("answers -Inf below q=0 and +Inf above q=1", () => {
    const buckets = bucketsOf([1], [0.5]);
    expect(histogramQuantile(-0.1, buckets)).toBe(Number.NEGATIVE_INFINITY);
    expect(histogramQuantile(1.1, buckets)).toBe(Number.POSITIVE_INFINITY);
  });

  it("sorts buckets and repairs non-monotonic counts", () => {
    const sorted = bucketsOf([1, 2, 3], [0.5, 1.5, 1.6, 2.5]);
    const shuffled = [sorted[2]!, sorted[0]!, sorted[3]!, sorted[1]!];
    expect(histogramQuantile(0.5, shuffled)).toBe(histogramQuantile(0.5, sorted));
    const broken = [
      { le: 1, count: 2 },
      { le: 2, count: 1 },
      { le: Number.POSITIVE_INFINITY, count: 2 },
    ];
    expect(histogramQuantile(0.5, broken)).toBe(0.5);
  });
});
