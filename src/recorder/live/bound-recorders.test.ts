/** @module Tests that the pre-bound recorders write exactly what the typed methods write. */
import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import type { TradingRecorder } from "../trading-recorder.js";
import { LiveRecorder } from "./live-recorder.js";

/** Two recorders on fresh registries, with the same options (fixed start time: uptime). */
function pair(): [TradingRecorder, TradingRecorder] {
  const options = {
    constLabels: { environment: "backtest" as const },
    symbols: ["BTC/USD"],
    universes: { strategy: ["trend"], endpoint: ["createOrder"], rule: ["max_exposure"] },
    startTimeMs: 0,
  };
  return [
    new LiveRecorder({ ...options, registry: new Registry() }),
    new LiveRecorder({ ...options, registry: new Registry() }),
  ];
}

/** The exposition text without the uptime and build lines, which depend on the clock. */
async function exposition(recorder: TradingRecorder): Promise<string> {
  return (await recorder.registry.metrics())
    .split("\n")
    .filter((line) => !line.includes("uptime"))
    .join("\n");
}

describe("pre-bound recorders", () => {
  it("bindCycle records the same series as recordCycle", async () => {
    const [typed, bound] = pair();
    typed.recordCycle({
      durationSeconds: 0.02,
      status: "no_trade",
      proposed: 3,
      approved: 1,
      executed: 0,
      stageDurations: {
        market_data: 0.001,
        signals: 0.004,
        risk: 0.0002,
        execution: 0.01,
        portfolio: 0.0005,
      },
      noTradeReason: "no_signal",
      completedAtSeconds: 1_700_000_000,
    });
    typed.recordCycle({ durationSeconds: 0.5, status: "error", completedAtSeconds: 1_700_000_060 });
    const cycle = bound.bindCycle();
    cycle.completed("no_trade", 0.02, 1_700_000_000);
    cycle.stages(0.001, 0.004, 0.0002, 0.01, 0.0005);
    cycle.proposals(3, 1, 0);
    cycle.noTrade("no_signal");
    cycle.completed("error", 0.5, 1_700_000_060);
    const text = await exposition(bound);
    expect(text).toBe(await exposition(typed));
    expect(text).toContain('tradewatch_cycles_total{environment="backtest",status="error"} 1');
    expect(text).toContain(
      'tradewatch_cycle_stage_duration_seconds_count{environment="backtest",stage="execution"} 1',
    );
  });

  it("bindStrategy, bindEndpoint, bindRule and bindBars record the same series as the typed methods", async () => {
    const [typed, bound] = pair();
    typed.recordSignal("trend", "buy", 0.7);
    typed.observe("signal_generation_duration", 0.001, { strategy: "trend" });
    typed.observe("decision_duration", 0.002, { strategy: "trend" });
    typed.recordSignal("trend", "sell", -0.4);
    typed.recordSignal("trend", "close");
    typed.recordStrategyEvaluation("trend", 0.003);
    typed.recordOrderIntent("trend");
    typed.recordApiRequest("createOrder", 0.08);
    typed.trackConstitutionCheck("max_exposure", true);
    typed.trackConstitutionCheck("max_exposure", false);
    typed.recordBar("csv", "BTC/USD", "5m");
    typed.recordBar("csv", "DOGE/USD", "5m");

    const strategy = bound.bindStrategy("trend");
    strategy.signal("buy", 0.7, 0.001);
    strategy.decision(0.002);
    strategy.signal("sell", -0.4);
    strategy.signal("close");
    strategy.evaluation(0.003);
    strategy.intent();
    bound.bindEndpoint("createOrder").request(0.08);
    const rule = bound.bindRule("max_exposure");
    rule.check(true);
    rule.check(false);
    bound.bindBars("BTC/USD", "csv", "5m").bar();
    const other = bound.bindBars("DOGE/USD", "csv", "5m");
    other.bar();

    const text = await exposition(bound);
    expect(text).toBe(await exposition(typed));
    expect(other.symbol).toBe("DOGE/USD");
    expect(text).toContain(
      'tradewatch_data_bars_received_total{environment="backtest",source="csv",symbol="other",timeframe="5m"} 1',
    );
    expect(text).toContain(
      'tradewatch_constitution_violations_total{environment="backtest",rule="max_exposure"} 1',
    );
  });

  it("bindBars binds no order series", async () => {
    const recorder = pair()[0];
    recorder.bindBars("BTC/USD", "csv").bar();
    const text = await recorder.registry.metrics();
    expect(text).toContain("tradewatch_data_bars_received_total{");
    expect(text).not.toContain("tradewatch_orders_placed_total{");
  });
});
