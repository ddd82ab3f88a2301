import { describe, expect, it } from "vitest";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { sampleValue } from "../parse-scrape.js";

describe("seed 003's generic calls, as the seed writes them", () => {
  it("inc('ticks_received', {source, symbol}) and observe('data_freshness', 0.150, {source, symbol})", async () => {
    const registry = new Registry();
    const recorder = createRecorder({
      registry,
      symbols: ["SPY"],
      universes: { source: ["ibkr_rt"] },
    });
    recorder.inc("ticks_received", { source: "ibkr_rt", symbol: "SPY" });
    recorder.observe("data_freshness", 0.15, { source: "ibkr_rt", symbol: "SPY" });
    const stop = recorder.startTimer("data_freshness", { source: "ibkr_rt", symbol: "SPY" });
    stop();
    const text = await registry.metrics();
    expect(
      sampleValue(text, "tradewatch_data_ticks_received_total", {
        source: "ibkr_rt",
        symbol: "SPY",
      }),
    ).toBe(1);
    // data_freshness is labelled by source only; the seed's symbol is aggregated away.
    expect(
      sampleValue(text, "tradewatch_data_freshness_seconds_count", { source: "ibkr_rt" }),
    ).toBe(2);
    expect(
      sampleValue(text, "tradewatch_data_freshness_seconds_bucket", {
        source: "ibkr_rt",
        le: "0.25",
      }),
    ).toBe(2);
    expect(text).not.toMatch(/data_freshness_seconds_count\{[^}]*symbol=/);
  });

  it("still refuses a label the metric neither has nor aggregates away", () => {
    const recorder = createRecorder({ registry: new Registry() });
    expect(() =>
      recorder.observe("data_freshness", 0.1, { source: "simulated", venue: "x" }),
    ).toThrow(expect.objectContaining({ code: "ERR_UNKNOWN_LABEL_NAME" }));
  });
});
