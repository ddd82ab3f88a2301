import { constants, PerformanceObserver } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import { runBacktest } from "../backtest.js";
import { createBotRecorder } from "../telemetry/bot-recorder.js";
import { MetricsSubscriber } from "../telemetry/metrics-subscriber.js";
import { RecorderCycleTelemetry } from "../telemetry/recorder-cycle-telemetry.js";
import { riskChecks } from "../types.js";
import { type CycleTelemetry, noopCycleTelemetry } from "./cycle-telemetry.js";

/** Where the warm-up garbage goes (a property, so the optimiser cannot drop the allocations). */
const garbage: { last: unknown } = { last: undefined };

/**
 * Minor garbage collections (scavenges) while `work` runs. Garbage made first forces a scavenge,
 * so the young generation starts nearly empty; a stray allocation elsewhere in the process (the
 * test runner's own messages) can still cause one, so "allocates nothing" is at most one
 * scavenge in a million cycles: under 16 bytes a cycle however it is counted, where a port that
 * allocates one small object a bar causes dozens.
 */
async function scavengesDuring(work: () => void): Promise<number> {
  for (let index = 0; index < 500_000; index++) garbage.last = { index, values: [index, index] };
  garbage.last = undefined;
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      kinds.push((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1);
  });
  observer.observe({ entryTypes: ["gc"] });
  work();
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  return kinds.filter((kind) => kind === constants.NODE_PERFORMANCE_GC_MINOR).length;
}

const symbols = ["BTC/USD", "ETH/USD", "SOL/USD", "ADA/USD"];
const layout = Object.freeze({
  source: "sim" as const,
  barDuration: "1m",
  symbols,
  strategies: ["trend_momentum", "mean_reversion"],
  checks: riskChecks,
});

/** What the engine calls on a port in one busy cycle: 4 bars, a signal, a full set of rule checks. */
function cycles(port: CycleTelemetry, count: number): void {
  for (let cycle = 0; cycle < count; cycle++) {
    for (let symbol = 0; symbol < 4; symbol++) {
      port.barReceived(symbol);
      port.feedQuality(symbol, 1, (cycle % 7) * 0.5);
    }
    port.strategyEvaluated(0, 0.000_012);
    port.strategyEvaluated(1, 0.000_009);
    port.signal(cycle % 2, cycle % 3 === 0 ? 1 : -1, 0.6, 0.000_004);
    port.decided(cycle % 2, 0.000_02);
    for (let check = 0; check < riskChecks.length; check++) port.ruleChecked(check, check !== 3);
    port.stages(0.000_01, 0.000_02, 0.000_003, 0.000_004, 0.000_001);
    port.proposals(1, 1, 0);
    port.cycleCompleted("no_trade", 0.000_05, 1_704_067_200 + cycle * 60, "no_signal");
  }
}

describe("the telemetry port", () => {
  it("as the no-op default, keeps no state and allocates nothing in a million cycles of calls", async () => {
    expect(Object.isFrozen(noopCycleTelemetry)).toBe(true);
    noopCycleTelemetry.layout(layout);
    cycles(noopCycleTelemetry, 10_000); // optimised before measuring
    expect(await scavengesDuring(() => cycles(noopCycleTelemetry, 1_000_000))).toBeLessThanOrEqual(
      1,
    );
  });

  it("detects a port that allocates (the measurement can fail)", async () => {
    const kept: unknown[] = [];
    const allocating: CycleTelemetry = {
      ...noopCycleTelemetry,
      barReceived: (symbol) => {
        kept.push({ symbol });
        if (kept.length > 1_000) kept.length = 0;
      },
    };
    expect(await scavengesDuring(() => cycles(allocating, 1_000_000))).toBeGreaterThan(5);
  });

  it("with the recorder's bound series, records every call and allocates nothing per cycle", async () => {
    const registry = new Registry();
    const recorder = createBotRecorder({ registry, symbols, constLabels: {} });
    const port = new RecorderCycleTelemetry(recorder);
    port.layout(layout);
    cycles(port, 10_000);
    expect(await scavengesDuring(() => cycles(port, 1_000_000))).toBeLessThanOrEqual(1);
    const text = await registry.metrics();
    expect(text).toContain('tradewatch_cycles_total{status="no_trade"} 1010000');
    expect(text).toMatch(
      /tradewatch_data_bars_received_total\{[^}]*symbol="SOL\/USD"[^}]*\} 1010000/,
    );
  });

  it("is where the per-cycle metrics come from: a bot without it records no cycle, bar or signal", async () => {
    const registry = new Registry();
    await runBacktest({
      maxCycles: 200,
      attach: (bot) => {
        // The bus subscriber alone, with the engine's default no-op port.
        const recorder = createBotRecorder({
          registry,
          symbols: bot.market.symbols,
          constLabels: {},
        });
        const subscriber = new MetricsSubscriber(bot.bus, recorder);
        subscriber.start();
        return () => subscriber.stop();
      },
    });
    const text = await registry.metrics();
    const total = (name: string) =>
      text
        .split("\n")
        .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    expect(total("tradewatch_cycles_total")).toBe(0);
    expect(total("tradewatch_data_bars_received_total")).toBe(0);
    expect(total("tradewatch_strategy_signals_total")).toBe(0);
    expect(total("tradewatch_orders_placed_total")).toBeGreaterThan(0);
  });
});
