import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import { createRecorder } from "../../recorder/index.js";
import { runBacktest } from "../backtest.js";
import type { BotEvent } from "../events.js";
import { switchboard } from "../switchboard.js";
import { instrumentBot } from "./instrument-bot.js";

/** The value of the sample `name{labels...}` in exposition text, 0 when absent. */
function sample(text: string, name: string, ...labels: string[]): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels.every((label) => line.includes(label)))
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

describe("instrumentBot: the metrics subscriber on the bus and the telemetry port", () => {
  it("records exactly what the bot did (as the bus shows it to a listener), after batching, into the catalog metrics", async () => {
    const registry = new Registry();
    const counts = {
      bars: 0,
      buys: 0,
      sells: 0,
      cycles: 0,
      noSignal: 0,
      stageSum: 0,
      fills: 0,
      placed: 0,
      checks: 0,
      denied: 0,
    };
    let lastNav = 0;
    // Final outcomes of orders in the order they ended: 1 filled completely, 0 cancelled or rejected.
    const outcomes: number[] = [];
    const summary = await runBacktest({
      maxCycles: 800,
      config: { seed: 17, faults: { rateLimit: 0.02 } },
      attach: (bot) => {
        const recorder = createRecorder({
          registry,
          symbols: bot.market.symbols,
          universes: {
            strategy: ["trend_momentum", "mean_reversion", "portfolio"],
            endpoint: ["fetchStatus", "createOrder"],
          },
        });
        const subscriber = instrumentBot(bot, recorder, { flushIntervalMs: 5 });
        subscriber.start();
        bot.bus.subscribe(switchboard.all, (event: BotEvent) => {
          switch (event.type) {
            case "BarReceived":
              counts.bars++;
              break;
            case "SignalGenerated":
              if (event.direction === "buy") counts.buys++;
              else if (event.direction === "sell") counts.sells++;
              break;
            case "CycleCompleted":
              counts.cycles++;
              if (event.noTradeReason === "no_signal") counts.noSignal++;
              counts.stageSum += event.stageDurations.signals;
              break;
            case "OrderFilled":
              if (!event.partial) {
                counts.fills++;
                outcomes.push(1);
              }
              break;
            case "OrderCancelled":
            case "OrderRejected":
              outcomes.push(0);
              break;
            case "OrderSubmitted":
              counts.placed++;
              break;
            case "RiskChecksEvaluated":
              counts.checks += event.passed.length + (event.failed === undefined ? 0 : 1);
              break;
            case "OrderDenied":
              counts.denied++;
              break;
            case "PortfolioUpdated":
              lastNav = event.nav;
              break;
          }
        });
        return () => subscriber.stop();
      },
    });
    const text = await registry.metrics();
    expect(counts.cycles).toBe(800);
    expect(sample(text, "tradewatch_cycles_total")).toBe(800);
    expect(sample(text, "tradewatch_data_bars_received_total")).toBe(counts.bars);
    expect(
      sample(
        text,
        "tradewatch_data_bars_received_total",
        'symbol="BTC/USD"',
        'timeframe="1m"',
        'source="sim"',
      ),
    ).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_strategy_signals_total", 'direction="buy"')).toBe(counts.buys);
    expect(sample(text, "tradewatch_strategy_signals_total", 'direction="sell"')).toBe(
      counts.sells,
    );
    expect(sample(text, "tradewatch_no_trade_cycles_total", 'reason="no_signal"')).toBe(
      counts.noSignal,
    );
    expect(sample(text, "tradewatch_cycle_stage_duration_seconds_count", 'stage="signals"')).toBe(
      800,
    );
    expect(
      sample(text, "tradewatch_cycle_stage_duration_seconds_sum", 'stage="signals"'),
    ).toBeCloseTo(counts.stageSum, 9);
    expect(sample(text, "tradewatch_cycle_duration_seconds_count")).toBe(800);
    expect(sample(text, "tradewatch_orders_filled_total")).toBe(counts.fills);
    expect(sample(text, "tradewatch_orders_placed_total")).toBe(counts.placed);
    expect(sample(text, "tradewatch_constitution_checks_total")).toBe(counts.checks);
    expect(sample(text, "tradewatch_risk_rejections_total")).toBe(counts.denied);
    expect(sample(text, "tradewatch_portfolio_value_usd")).toBeCloseTo(lastNav, 6);
    // The fill ratio covers the last 50 orders to end, whichever cycle their fills came in.
    const window = outcomes.slice(-50);
    expect(outcomes.length).toBeGreaterThan(50);
    expect(sample(text, "tradewatch_order_fill_ratio")).toBeCloseTo(
      window.reduce((sum, outcome) => sum + outcome, 0) / window.length,
      12,
    );
    expect(summary.fills).toBeGreaterThan(0);
    expect(
      sample(text, "tradewatch_circuit_breaker_trips_total", 'breaker="rate_limit"'),
    ).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_exchange_rate_limit_violations_total")).toBeGreaterThan(0);
  });

  it("records only its plane's measurements and events when given one", async () => {
    const registry = new Registry();
    await runBacktest({
      maxCycles: 300,
      attach: (bot) => {
        const recorder = createRecorder({
          registry,
          symbols: bot.market.symbols,
          constLabels: { plane: "data" },
        });
        const subscriber = instrumentBot(bot, recorder, { plane: "data" });
        subscriber.start();
        return () => subscriber.stop();
      },
    });
    const text = await registry.metrics();
    expect(sample(text, "tradewatch_data_bars_received_total")).toBeGreaterThan(0);
    expect(sample(text, "tradewatch_cycles_total")).toBe(0);
    expect(sample(text, "tradewatch_orders_placed_total")).toBe(0);
  });
});
