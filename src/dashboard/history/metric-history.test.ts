import { describe, expect, it } from "vitest";
import type { SeriesSample } from "../types.js";
import { counterIncrease } from "./counter-increase.js";
import { MetricHistory } from "./metric-history.js";

const start = Date.UTC(2026, 0, 1);

function gauge(key: string, value: number): SeriesSample {
  return { key, value, mode: "mean" };
}

describe("counterIncrease", () => {
  it("counts a drop as a reset to zero", () => {
    const values = [5, 7, 2, 4];
    expect(counterIncrease((position) => values[position]!, 0, 3)).toBe(2 + 2 + 2);
  });

  it("skips NaN points and needs two finite ones", () => {
    const values = [Number.NaN, 3, Number.NaN, 8];
    expect(counterIncrease((position) => values[position]!, 0, 3)).toBe(5);
    expect(counterIncrease((position) => values[position]!, 0, 1)).toBeNaN();
  });
});

describe("MetricHistory", () => {
  it("keeps every sample in the 5m tier and folds gauges into 10 s means for 1h", () => {
    const history = new MetricHistory();
    for (let second = 0; second < 25; second++) {
      history.record(start + second * 1000, [gauge("nav", 100 + second)]);
    }
    const fine = history.range("5m");
    expect(fine.times).toHaveLength(25);
    expect(fine.series.nav).toEqual(Array.from({ length: 25 }, (_, second) => 100 + second));
    const coarse = history.range("1h");
    // Two complete 10 s steps (0-9 s, 10-19 s); the third is still filling.
    expect(coarse.series.nav).toEqual([104.5, 114.5]);
    expect(coarse.times).toEqual([(start + 9000) / 1000, (start + 19000) / 1000]);
  });

  it("keeps the worst value of a state in a coarse step, so a short trip is not lost", () => {
    const history = new MetricHistory();
    for (let second = 0; second < 11; second++) {
      history.record(start + second * 1000, [
        { key: "breaker:api_health", value: second === 4 ? 1 : 0, mode: "max" },
      ]);
    }
    expect(history.range("1h").series["breaker:api_health"]).toEqual([1]);
  });

  it("charts counters as per-minute rates over the range's window, resets counted", () => {
    const history = new MetricHistory();
    let total = 0;
    for (let second = 0; second <= 60; second++) {
      if (second === 40)
        total = 0; // process restart
      else total += 2;
      history.record(start + second * 1000, [{ key: "filled:buy", value: total, mode: "last" }]);
    }
    const rates = history.range("5m").series["filled:buy"]!;
    expect(rates[0]).toBeNull();
    // 2 per second = 120 per minute; the reset at 40 s loses the two counts of that second only.
    expect(rates[30]).toBeCloseTo(120, 10);
    const last = history.latestRow("5m")!.values["filled:buy"] as number;
    const expected = ((30 * 2 - 2) * 60) / 30;
    expect(last).toBeCloseTo(expected, 10);
  });

  it("says NaN, not zero, for points where a series had no value", () => {
    const history = new MetricHistory();
    history.record(start, [gauge("nav", 1)]);
    history.record(start + 1000, [gauge("nav", 2), gauge("cash", 5)]);
    history.record(start + 2000, [gauge("cash", Number.NaN)]);
    const range = history.range("5m");
    expect(range.series.cash).toEqual(["NaN", 5, "NaN"]);
    expect(range.series.nav).toEqual([1, 2, "NaN"]);
  });

  it("gives a counter's increase over each range, counting a series born inside it from zero", () => {
    const history = new MetricHistory();
    for (let second = 0; second < 400; second++) {
      const samples: SeriesSample[] = [{ key: "rejected:other", value: second, mode: "last" }];
      if (second >= 350) samples.push({ key: "rejected:exposure_cap", value: 3, mode: "last" });
      history.record(start + second * 1000, samples);
    }
    // The 5m range covers the last 300 s of samples (100..399): 299 increments.
    expect(history.increase("rejected:other", "5m")).toBe(299);
    expect(history.increase("rejected:exposure_cap", "5m")).toBe(3);
    expect(history.increase("rejected:missing", "5m")).toBeNaN();
  });

  it("stops adding series at maxSeries and counts what it dropped", () => {
    const history = new MetricHistory({ maxSeries: 2 });
    history.record(start, [gauge("a", 1), gauge("b", 2), gauge("c", 3)]);
    expect(history.seriesCount).toBe(2);
    expect(history.droppedSamples).toBe(1);
    expect(history.range("5m").series.c).toBeUndefined();
  });

  it("rejects an unknown range", () => {
    expect(() => new MetricHistory().range("1d" as "5m")).toThrow(/Invalid dashboard range "1d"/);
  });
});
