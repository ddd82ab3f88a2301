import * as promClient from "prom-client";
import { describe, expect, it, vi } from "vitest";
import { Registry } from "./registry.js";
import { TDigest } from "./summary/t-digest.js";
import { TimeWindowQuantiles } from "./summary/time-window-quantiles.js";
import { Summary } from "./summary.js";

function quantiles(
  values: { labels: Record<string, unknown>; value: number; metricName?: string }[],
) {
  return Object.fromEntries(
    values
      .filter((value) => value.metricName === undefined)
      .map((value) => [value.labels.quantile, value.value]),
  );
}

describe("Summary", () => {
  it("reports quantiles, sum and count", async () => {
    const latency = new Summary({
      name: "ai_latency_seconds",
      help: "AI latency.",
      percentiles: [0.1, 0.5, 0.9, 0.99],
      registers: [],
    });
    for (let value = 1; value <= 1000; value++) latency.observe(value);
    const { values } = await latency.get();
    const q = quantiles(values);
    expect(q[0.1]).toBeCloseTo(100.5, -1);
    expect(q[0.5]).toBeCloseTo(500.5, -1);
    expect(q[0.9]).toBeCloseTo(900.5, -1);
    expect(Math.abs((q[0.99] as number) - 990.5)).toBeLessThan(2);
    expect(values.find((value) => value.metricName === "ai_latency_seconds_sum")?.value).toBe(
      500_500,
    );
    expect(values.find((value) => value.metricName === "ai_latency_seconds_count")?.value).toBe(
      1000,
    );
  });

  it("reports NaN quantiles for an empty series, never a misleading zero", async () => {
    const latency = new Summary({
      name: "ai_latency_seconds",
      help: "AI latency.",
      percentiles: [0.5],
      registers: [],
    });
    expect(quantiles((await latency.get()).values)[0.5]).toBeNaN();
  });

  it("keeps series per label set and bound handles", async () => {
    const latency = new Summary({
      name: "ai_latency_seconds",
      help: "x",
      labelNames: ["model"],
      percentiles: [0.5],
      registers: [],
    });
    latency.observe({ model: "haiku" }, 1);
    latency.labels("haiku").observe(3);
    latency.labels({ model: "sonnet" }).startTimer()();
    const { values } = await latency.get();
    expect(
      values
        .filter((value) => value.metricName?.endsWith("_count"))
        .map((value) => [value.labels.model, value.value]),
    ).toEqual([
      ["haiku", 2],
      ["sonnet", 1],
    ]);
  });

  it("keeps a bound series recording across reset(), with fresh quantiles", async () => {
    const latency = new Summary({
      name: "ai_latency_seconds",
      help: "x",
      percentiles: [0.5],
      registers: [],
    });
    const bound = latency.labels();
    bound.observe(100);
    latency.reset();
    bound.observe(1);
    const { values } = await latency.get();
    expect(quantiles(values)[0.5]).toBe(1);
    expect(values.find((value) => value.metricName === "ai_latency_seconds_count")?.value).toBe(1);
  });

  it("forgets observations older than maxAgeSeconds", () => {
    let now = 0;
    const window = new TimeWindowQuantiles(10, 5, () => now);
    for (let value = 0; value < 100; value++) window.push(1000);
    now = 5_000;
    window.push(1);
    // 100 x 1000 and one 1: the median interpolates between the centroid centres 0.5 and 51,
    // as prom-client's t-digest does (990.1089108910891 there too).
    expect(window.percentile(0.5)).toBeCloseTo(990.1089108910891, 12);
    now = 10_100; // the buckets holding the 1000s have rotated out
    expect(window.percentile(0.5)).toBe(1);
    now = 30_000;
    expect(window.percentile(0.5)).toBeNaN();
  });

  it("validates its options", () => {
    expect(
      () => new Summary({ name: "x_seconds", help: "x", percentiles: [1.5], registers: [] }),
    ).toThrow('Invalid percentile 1.5 on summary "x_seconds": must be a number from 0 to 1');
    expect(
      () => new Summary({ name: "x_seconds", help: "x", maxAgeSeconds: -1, registers: [] }),
    ).toThrowError(expect.objectContaining({ code: "ERR_INVALID_METRIC_OPTION" }));
    expect(
      () =>
        new Summary({
          name: "x_seconds",
          help: "x",
          maxAgeSeconds: 60,
          ageBuckets: 0,
          registers: [],
        }),
    ).toThrowError(expect.objectContaining({ code: "ERR_INVALID_METRIC_OPTION" }));
    expect(
      () => new Summary({ name: "x_seconds", help: "x", labelNames: ["quantile"], registers: [] }),
    ).toThrowError(expect.objectContaining({ code: "ERR_RESERVED_LABEL_NAME" }));
    expect(() =>
      new Summary({ name: "x_seconds", help: "x", registers: [] }).observe(Number.NaN),
    ).toThrowError(expect.objectContaining({ code: "ERR_INVALID_VALUE" }));
  });
});

describe("TDigest", () => {
  it("stays within 1% rank error on a million skewed observations, in bounded memory", () => {
    const digest = new TDigest();
    const values: number[] = [];
    let seed = 42;
    for (let index = 0; index < 1_000_000; index++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const value = -Math.log(1 - seed / 2_147_483_648); // exponential
      values.push(value);
      digest.push(value);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.99, 0.999]) {
      const estimate = digest.percentile(q);
      let rank = 0;
      while (rank < values.length && values[rank]! <= estimate) rank++;
      expect(Math.abs(rank / values.length - q)).toBeLessThan(0.01);
    }
    expect(digest.count).toBe(1_000_000);
  });

  it("gives prom-client's quantiles on small samples, duplicates included", async () => {
    const samples = [
      [5],
      [1, 2],
      [3, 1, 2, 10],
      [0.2, 0.2, 0.2, 7, 0.1, 3, 3],
      Array.from({ length: 60 }, (_, index) => ((index * 37) % 23) / 4),
    ];
    for (const sample of samples) {
      const percentiles = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];
      const ours = new Summary({ name: "s", help: "s", percentiles, registers: [] });
      const theirs = new promClient.Summary({ name: "s", help: "s", percentiles, registers: [] });
      for (const value of sample) {
        ours.observe(value);
        theirs.observe(value);
      }
      const mine = quantiles((await ours.get()).values);
      const expected = quantiles((await theirs.get()).values);
      for (const q of percentiles)
        expect(mine[q], `${q} of ${sample}`).toBeCloseTo(expected[q]!, 12);
    }
  });

  it("pruneAgedBuckets leaves out a series whose window has emptied, as prom-client", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const registry = new Registry();
      const latency = new Summary({
        name: "ai_latency_seconds",
        help: "AI latency.",
        labelNames: ["model"],
        maxAgeSeconds: 10,
        ageBuckets: 2,
        pruneAgedBuckets: true,
        registers: [registry],
      });
      latency.observe({ model: "a" }, 1);
      expect(await registry.metrics()).toContain('ai_latency_seconds_count{model="a"} 1');
      vi.setSystemTime(25_000);
      expect(await registry.metrics()).not.toContain('model="a"');
      expect((await latency.get()).values).toEqual([]);
      latency.observe({ model: "a" }, 2);
      expect(await registry.metrics()).toContain('ai_latency_seconds_sum{model="a"} 3');
    } finally {
      vi.useRealTimers();
    }
  });
});
