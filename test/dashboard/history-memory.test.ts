import { describe, expect, it } from "vitest";
import { MetricHistory } from "../../src/dashboard/history/metric-history.js";
import type { SeriesSample } from "../../src/dashboard/types.js";

const day = 86_400;

/** The series a busy bot produces each second: gauges, counters, states, quantiles. */
function samplesAt(second: number): SeriesSample[] {
  const samples: SeriesSample[] = [];
  for (let index = 0; index < 12; index++) {
    samples.push({ key: `gauge:${index}`, value: Math.sin(second / 600 + index), mode: "mean" });
  }
  for (let index = 0; index < 24; index++) {
    samples.push({ key: `counter:${index}`, value: second * (index + 1), mode: "last" });
  }
  for (let index = 0; index < 8; index++) {
    samples.push({ key: `breaker:${index}`, value: second % 3600 === index ? 1 : 0, mode: "max" });
  }
  return samples;
}

describe("dashboard history footprint", () => {
  it("holds the same number of points after a simulated day and a simulated week", () => {
    const history = new MetricHistory();
    const start = Date.UTC(2026, 0, 5);
    let pointsAfterDay = 0;
    let arrayBuffersAfterDay = 0;
    for (let second = 0; second < 7 * day; second++) {
      history.record(start + second * 1000, samplesAt(second));
      if (second === day - 1) {
        pointsAfterDay = history.storedPoints;
        arrayBuffersAfterDay = process.memoryUsage().arrayBuffers;
      }
    }
    const seriesCount = samplesAt(0).length;
    // 600 + 720 + 360 points per series, whatever the run length.
    expect(pointsAfterDay).toBe((600 + 720 + 360) * seriesCount);
    expect(history.storedPoints).toBe(pointsAfterDay);
    expect(history.storedPoints).toBeLessThanOrEqual(history.maxStoredPoints);
    // Typed arrays were allocated once, during the first hours: six more days add nothing.
    const growth = process.memoryUsage().arrayBuffers - arrayBuffersAfterDay;
    expect(growth).toBeLessThan(256 * 1024);
    // The 6-hour range still answers with its fixed number of points, the newest last.
    const sixHours = history.range("6h");
    expect(sixHours.times.length).toBeLessThanOrEqual(360);
    expect(sixHours.times.at(-1)).toBeGreaterThan((start + (7 * day - 120) * 1000) / 1000);
  }, 120_000);

  it("caps the number of series, so unbounded label values cannot grow it", () => {
    const history = new MetricHistory({ maxSeries: 64 });
    const start = Date.UTC(2026, 0, 5);
    for (let second = 0; second < 3600; second++) {
      // A new key every second, as a runaway label would produce.
      history.record(start + second * 1000, [
        { key: `symbol:${second}`, value: second, mode: "mean" },
      ]);
    }
    expect(history.seriesCount).toBe(64);
    expect(history.droppedSamples).toBe(3600 - 64);
    expect(history.storedPoints).toBeLessThanOrEqual(history.maxStoredPoints);
    expect(history.maxStoredPoints).toBe((600 + 720 + 360) * 64);
  });
});
