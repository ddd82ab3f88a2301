import { describe, expect, it } from "vitest";
import { findSamples, sampleValue } from "../../test/instrument/parse-scrape.js";
import { Histogram, Registry } from "../metrics/index.js";
import { timed } from "./timed.js";

function setup() {
  const registry = new Registry();
  const histogram = new Histogram({
    name: "call_duration_seconds",
    help: "Call duration.",
    labelNames: ["endpoint", "outcome"],
    buckets: [0.01, 0.05, 0.1, 1],
    registers: [registry],
  });
  return { registry, histogram };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("timed()", () => {
  it("observes a sync call's duration and passes its value and `this` through", async () => {
    const { registry, histogram } = setup();
    const account = {
      balance: 42,
      read: timed(
        histogram,
        function (this: { balance: number }, extra: number) {
          return this.balance + extra;
        },
        { labels: { endpoint: "balance" } },
      ),
    };
    expect(account.read(1)).toBe(43);
    const text = await registry.metrics();
    expect(sampleValue(text, "call_duration_seconds_count", { endpoint: "balance" })).toBe(1);
  });

  it("times an async call until its promise settles", async () => {
    const { registry, histogram } = setup();
    const fetchTicker = timed(
      histogram,
      async (symbol: string) => {
        await sleep(60);
        return `${symbol}:100`;
      },
      { labels: (symbol) => ({ endpoint: `ticker_${symbol}` }) },
    );
    const promise = fetchTicker("btc");
    expect(findSamples(await registry.metrics(), "call_duration_seconds_count")).toEqual([]);
    expect(await promise).toBe("btc:100");
    const text = await registry.metrics();
    const sum = sampleValue(text, "call_duration_seconds_sum", { endpoint: "ticker_btc" });
    expect(sum).toBeGreaterThanOrEqual(0.05);
    expect(
      sampleValue(text, "call_duration_seconds_bucket", { endpoint: "ticker_btc", le: "0.05" }),
    ).toBe(0);
    expect(
      sampleValue(text, "call_duration_seconds_bucket", { endpoint: "ticker_btc", le: "1" }),
    ).toBe(1);
  });

  it("rethrows sync errors and rejections and labels them with the outcome label", async () => {
    const { registry, histogram } = setup();
    const failing = timed(
      histogram,
      () => {
        throw new RangeError("nope");
      },
      { labels: { endpoint: "sync" }, outcomeLabel: "outcome" },
    );
    expect(() => failing()).toThrow(RangeError);
    const rejecting = timed(
      histogram,
      async () => {
        throw new Error("later");
      },
      { labels: { endpoint: "async" }, outcomeLabel: "outcome" },
    );
    await expect(rejecting()).rejects.toThrow("later");
    const ok = timed(histogram, async () => 1, {
      labels: { endpoint: "async" },
      outcomeLabel: "outcome",
    });
    await ok();
    const text = await registry.metrics();
    expect(
      sampleValue(text, "call_duration_seconds_count", { endpoint: "sync", outcome: "error" }),
    ).toBe(1);
    expect(
      sampleValue(text, "call_duration_seconds_count", { endpoint: "async", outcome: "error" }),
    ).toBe(1);
    expect(
      sampleValue(text, "call_duration_seconds_count", { endpoint: "async", outcome: "success" }),
    ).toBe(1);
  });
});
