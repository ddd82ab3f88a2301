import { describe, expect, it } from "vitest";
import { exponentialBuckets, linearBuckets } from "./buckets.js";
import { DEFAULT_BUCKETS, Histogram } from "./histogram.js";

function histogram(buckets?: number[], labelNames: string[] = []) {
  return new Histogram({
    name: "cycle_duration_seconds",
    help: "Cycle time.",
    labelNames,
    registers: [],
    ...(buckets === undefined ? {} : { buckets }),
  });
}

describe("Histogram", () => {
  it("counts each observation into the first bucket whose bound it does not exceed (le)", async () => {
    const cycle = histogram([1, 2, 5]);
    for (const value of [
      0.5,
      1,
      1.5,
      2,
      4.9,
      5,
      6,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]) {
      cycle.observe(value);
    }
    const values = (await cycle.get()).values;
    const buckets = values.filter((value) => value.metricName === "cycle_duration_seconds_bucket");
    expect(buckets.map((bucket) => [bucket.labels.le, bucket.value])).toEqual([
      [1, 3],
      [2, 5],
      [5, 7],
      ["+Inf", 9],
    ]);
    expect(values.find((value) => value.metricName === "cycle_duration_seconds_count")?.value).toBe(
      9,
    );
    expect(
      values.find((value) => value.metricName === "cycle_duration_seconds_sum")?.value,
    ).toBeNaN();
  });

  it("uses binary search for many buckets with the same results as a linear scan", async () => {
    const bounds = exponentialBuckets(0.0001, 1.5, 40);
    const many = histogram(bounds);
    const few = histogram(bounds.slice(0, 10));
    const observations = Array.from({ length: 2000 }, (_, index) => (index * 7.31) % 3);
    for (const value of observations) {
      many.observe(value);
      few.observe(value);
    }
    const counts = (await many.get()).values.filter((value) =>
      value.metricName?.endsWith("_bucket"),
    );
    for (const [index, bound] of bounds.entries()) {
      expect(counts[index]?.value).toBe(observations.filter((value) => value <= bound).length);
    }
  });

  it("binds the single series of an unlabelled histogram with labels()", async () => {
    const cycle = histogram([1]);
    cycle.labels().observe(0.5);
    cycle.observe(2);
    expect((await cycle.get()).values.map((value) => value.value)).toEqual([1, 2, 2.5, 2]);
  });

  it("defaults to prom-client's buckets", () => {
    expect(histogram().upperBounds).toEqual(DEFAULT_BUCKETS);
  });

  it("records through bound handles, labels and timers", async () => {
    const stage = histogram([0.01, 0.1], ["stage"]);
    stage.labels("risk").observe(0.005);
    stage.observe({ stage: "risk" }, 0.05);
    const end = stage.startTimer({ stage: "data" });
    end();
    stage.labels({ stage: "data" }).startTimer()();
    const values = (await stage.get()).values;
    const count = (name: string) =>
      values.find(
        (value) =>
          value.metricName === "cycle_duration_seconds_count" && value.labels.stage === name,
      )?.value;
    expect(count("risk")).toBe(2);
    expect(count("data")).toBe(2);
  });

  it("rejects NaN observations and invalid buckets with clear errors", () => {
    expect(() => histogram().observe(Number.NaN)).toThrow(
      'Invalid observation NaN for "cycle_duration_seconds": must be a number, not NaN',
    );
    expect(() => histogram([1]).labels().observe(Number.NaN)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_VALUE" }),
    );
    expect(() => histogram([1, 1])).toThrow(
      'Invalid buckets for histogram "cycle_duration_seconds": 1 at index 1 was not greater than 1; bounds must be strictly ascending',
    );
    expect(() => histogram([2, 1])).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
    expect(() => histogram([1, Number.POSITIVE_INFINITY])).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
    expect(() => histogram([Number.NaN])).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
    expect(() => histogram([])).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
  });

  it("reserves the le label", () => {
    expect(() => histogram([1], ["le"])).toThrow(
      'Invalid label name "le" on histogram "cycle_duration_seconds": "le" is reserved for bucket bounds',
    );
  });

  it("zero() creates an empty series; reset() removes series", async () => {
    const stage = histogram([1], ["stage"]);
    stage.zero({ stage: "risk" });
    expect((await stage.get()).values.map((value) => value.value)).toEqual([0, 0, 0, 0]);
    stage.reset();
    expect((await stage.get()).values).toEqual([]);
  });
});

describe("bucket helpers", () => {
  it("builds linear and exponential buckets without float noise", () => {
    expect(linearBuckets(0.1, 0.1, 5)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(linearBuckets(0, 5, 3)).toEqual([0, 5, 10]);
    expect(exponentialBuckets(0.001, 2, 4)).toEqual([0.001, 0.002, 0.004, 0.008]);
    expect(exponentialBuckets(0.1, 3, 3)).toEqual([0.1, 0.3, 0.9]);
  });

  it("rejects bad arguments", () => {
    expect(() => linearBuckets(0, 0, 3)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
    expect(() => linearBuckets(0, 1, 0)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
    expect(() => exponentialBuckets(0, 2, 3)).toThrow(
      "Invalid exponentialBuckets(0, 2, 3): start must be positive, factor greater than 1 and count a positive integer",
    );
    expect(() => exponentialBuckets(1, 1, 3)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_BUCKETS" }),
    );
  });
});
