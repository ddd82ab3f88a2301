import { describe, expect, it } from "vitest";
import { sampleValue } from "../../test/instrument/parse-scrape.js";
import { Histogram, Registry } from "../metrics/index.js";
import { startTimer } from "./start-timer.js";

function setup() {
  const registry = new Registry();
  const histogram = new Histogram({
    name: "stage_duration_seconds",
    help: "Stage duration.",
    labelNames: ["stage", "outcome"],
    buckets: [0.01, 0.1, 1],
    registers: [registry],
  });
  return { registry, histogram };
}

describe("startTimer()", () => {
  it("observes once on end(), merging end labels, and returns the same duration after", async () => {
    const { registry, histogram } = setup();
    const timer = startTimer(histogram, { stage: "risk" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = timer.end({ outcome: "ok" });
    expect(seconds).toBeGreaterThanOrEqual(0.015);
    expect(timer.end({ outcome: "again" })).toBe(seconds);
    const text = await registry.metrics();
    expect(
      sampleValue(text, "stage_duration_seconds_count", { stage: "risk", outcome: "ok" }),
    ).toBe(1);
    expect(sampleValue(text, "stage_duration_seconds_sum", { stage: "risk", outcome: "ok" })).toBe(
      seconds,
    );
  });

  it("observes when a `using` block exits, even by an exception", async () => {
    const { registry, histogram } = setup();
    expect(() => {
      using _timer = startTimer(histogram, { stage: "execution", outcome: "error" });
      throw new Error("venue down");
    }).toThrow("venue down");
    {
      using _timer = startTimer(histogram, { stage: "execution", outcome: "ok" });
    }
    const text = await registry.metrics();
    expect(
      sampleValue(text, "stage_duration_seconds_count", { stage: "execution", outcome: "error" }),
    ).toBe(1);
    expect(
      sampleValue(text, "stage_duration_seconds_count", { stage: "execution", outcome: "ok" }),
    ).toBe(1);
  });
});
