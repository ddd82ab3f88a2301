import { describe, expect, it } from "vitest";
import { durationMilliseconds, formatDuration, TimeScale } from "./time-scale.js";

describe("TimeScale", () => {
  it("keeps durations and thresholds as written at factor 1", () => {
    const time = new TimeScale();
    expect(time.duration("1m30s")).toBe("1m30s");
    expect(time.seconds(300)).toBe("300");
  });

  it("scales to whole milliseconds, at least 1 ms, and zero stays zero", () => {
    const time = new TimeScale(1 / 60);
    expect(time.duration("5m")).toBe("5s");
    expect(time.duration("1h")).toBe("1m");
    expect(time.duration("15s")).toBe("250ms");
    expect(time.duration("1m30s")).toBe("1500ms");
    expect(time.duration("0s")).toBe("0s");
    expect(new TimeScale(1e-9).duration("1s")).toBe("1ms");
    expect(time.seconds(300)).toBe("5");
    expect(time.seconds(45)).toBe("0.75");
  });

  it("round-trips the formats Prometheus reads", () => {
    for (const text of ["750ms", "1s", "1m30s", "2h", "1h1m1s"]) {
      expect(formatDuration(durationMilliseconds(text))).toBe(text);
    }
  });

  it("names the bad duration or factor", () => {
    expect(() => durationMilliseconds("5 minutes")).toThrow('Invalid duration "5 minutes"');
    expect(() => new TimeScale(0)).toThrow("Invalid timeScale 0");
  });
});
