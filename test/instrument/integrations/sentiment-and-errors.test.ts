import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { recordException, SentimentRecorder } from "../../../src/instrument/index.js";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { sampleValue } from "../parse-scrape.js";

const child = fileURLToPath(new URL("./process-errors-child.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));

async function runChild(mode: string): Promise<{ code: number; stderr: string }> {
  try {
    await promisify(execFile)(tsx, [child, mode], { timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe("SentimentRecorder", () => {
  it("records calculation time, provider uses and weights, the aggregate distribution and divergences", async () => {
    const registry = new Registry();
    const recorder = createRecorder({
      registry,
      symbols: ["BTC/USDT"],
      universes: { provider: ["reddit", "news_api"] },
    });
    const sentiment = new SentimentRecorder(recorder);
    const readings = [
      { provider: "reddit", score: 0.6, weight: 3 },
      { provider: "news_api", score: -0.2, weight: 1 },
    ];
    const score = sentiment.trackCalculation(
      () => readings.reduce((sum, r) => sum + r.score * r.weight, 0) / 4,
    );
    sentiment.recordAggregation("BTC/USDT", score, readings);
    sentiment.recordAggregation("BTC/USDT", 1.7, readings.slice(0, 1)); // clamped to 1
    sentiment.recordDivergence("BTC/USDT");
    const text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_sentiment_calculation_duration_seconds_count")).toBe(1);
    expect(
      sampleValue(text, "tradewatch_sentiment_provider_uses_total", { provider: "reddit" }),
    ).toBe(2);
    expect(
      sampleValue(text, "tradewatch_sentiment_provider_uses_total", { provider: "news_api" }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_sentiment_provider_weight_ratio", { provider: "reddit" }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_sentiment_provider_weight_ratio", { provider: "news_api" }),
    ).toBe(0.25);
    expect(sampleValue(text, "tradewatch_sentiment_aggregate_count")).toBe(2);
    expect(sampleValue(text, "tradewatch_sentiment_aggregate_bucket", { le: "0.5" })).toBe(1); // 0.4
    expect(sampleValue(text, "tradewatch_sentiment_current", { symbol: "BTC/USDT" })).toBe(1);
    expect(
      sampleValue(text, "tradewatch_sentiment_divergences_total", { symbol: "BTC/USDT" }),
    ).toBe(1);
  });
});

describe("exceptions by type", () => {
  it("recordException counts exceptions_total by normalised type and errors_total", async () => {
    const registry = new Registry();
    const recorder = createRecorder({ registry });
    recordException(recorder, new TypeError("x is undefined"), "strategy");
    recordException(
      recorder,
      Object.assign(new Error("too many requests"), { status: 429 }),
      "data",
    );
    const text = await registry.metrics();
    expect(
      sampleValue(text, "tradewatch_exceptions_total", {
        component: "strategy",
        error_type: "type_error",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_exceptions_total", {
        component: "data",
        error_type: "rate_limit",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_errors_total", { component: "strategy", severity: "error" }),
    ).toBe(1);
  });

  it("captureProcessErrors counts an unhandled rejection once and the process still crashes with it", async () => {
    const { code, stderr } = await runChild("rejection");
    expect(code).not.toBe(0);
    expect(stderr).toContain("lost rejection");
    expect(stderr.match(/RECORDED exceptions \w+/g)).toEqual([
      "RECORDED exceptions unhandled_rejection",
    ]);
    expect(stderr).toContain("RECORDED errors other critical");
  }, 40_000);

  it("captureProcessErrors counts an uncaught exception and the process still crashes with it", async () => {
    const { code, stderr } = await runChild("exception");
    expect(code).not.toBe(0);
    expect(stderr).toContain("lost exception");
    expect(stderr.match(/RECORDED exceptions \w+/g)).toEqual([
      "RECORDED exceptions uncaught_exception",
    ]);
  }, 40_000);
});
