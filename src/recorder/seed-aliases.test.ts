/** @module Tests that each seed alias records exactly what the method it names records. */
import { describe, expect, it } from "vitest";
import { Registry } from "../metrics/index.js";
import { LiveRecorder } from "./live/live-recorder.js";
import type { TradingRecorder } from "./trading-recorder.js";

/** Two recorders on fresh registries with the same options (fixed start time: uptime). */
function pair(): [TradingRecorder, TradingRecorder] {
  const options = { symbols: ["BTC/USDT"], startTimeMs: 0 };
  return [
    new LiveRecorder({ ...options, registry: new Registry() }),
    new LiveRecorder({ ...options, registry: new Registry() }),
  ];
}

/** The scrape without the lines that depend on the clock. */
async function scrape(recorder: TradingRecorder): Promise<string> {
  return (await recorder.registry.metrics())
    .split("\n")
    .filter((line) => !line.includes("uptime") && !line.includes("last_completed"))
    .join("\n");
}

describe("seed aliases", () => {
  it("recordFill(side, symbol) is recordOrderFilled(symbol, side), and the symbol defaults to other", async () => {
    const [alias, canonical] = pair();
    alias.recordFill("sell", "BTC/USDT");
    alias.recordFill("buy");
    canonical.recordOrderFilled("BTC/USDT", "sell");
    canonical.recordOrderFilled("other", "buy");
    const text = await scrape(alias);
    expect(text).toContain('tradewatch_orders_filled_total{side="sell",symbol="BTC/USDT"} 1');
    expect(text).toContain('tradewatch_orders_filled_total{side="buy",symbol="other"} 1');
    expect(text).toBe(await scrape(canonical));
  });

  it("updateFromCycleStats, recordCircuitBreaker and recordExposurePercent record what they name", async () => {
    const [alias, canonical] = pair();
    alias.updateFromCycleStats({ durationSeconds: 0.3, status: "success", proposed: 2 });
    alias.recordCircuitBreaker("daily_loss");
    alias.recordExposurePercent(18.5, 2.5);
    canonical.recordCycle({ durationSeconds: 0.3, status: "success", proposed: 2 });
    canonical.recordCircuitBreakerTrip("daily_loss");
    canonical.recordExposure(0.185, 0.025);
    expect(await scrape(alias)).toBe(await scrape(canonical));
    expect(() => alias.recordExposurePercent(120)).toThrow(
      "Invalid atRiskPercent of recordExposurePercent: was 120, must be a percent 0..100",
    );
  });
});
