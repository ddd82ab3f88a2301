import { describe, expect, it } from "vitest";
import { runBacktest } from "../../src/bot/backtest.js";
import { createBot, startBot } from "../../src/bot/bot.js";
import type { BotEvent, CycleCompleted, OrderFilled } from "../../src/bot/events.js";
import { CsvReplay } from "../../src/bot/market/csv/csv-replay.js";
import { formatOhlcvCsv } from "../../src/bot/market/csv/format-ohlcv-csv.js";
import { SimulatedMarket } from "../../src/bot/market/simulated/simulated-market.js";
import { switchboard } from "../../src/bot/switchboard.js";
import type { Bar } from "../../src/bot/types.js";

const faults = {
  timeout: 0.01,
  rateLimit: 0.01,
  serverError: 0.01,
  disconnect: 0.005,
  maintenance: 0.005,
  rejection: 0.01,
};

async function trades(seed: number, cycles: number): Promise<string[]> {
  const fills: string[] = [];
  await runBacktest({
    config: { seed, faults },
    maxCycles: cycles,
    attach: (bot) =>
      bot.bus.subscribe(switchboard.allOrders, (event) => {
        if (event.type === "OrderFilled")
          fills.push(
            `${event.timestamp} ${event.symbol} ${event.side} ${event.quantity} @ ${event.price} fee ${event.fee}`,
          );
      }),
  });
  return fills;
}

describe("the bot", () => {
  it("makes the same trades for the same seed and inputs, and different ones for another seed", async () => {
    const first = await trades(7, 1_500);
    expect(first.length).toBeGreaterThan(10);
    expect(await trades(7, 1_500)).toEqual(first);
    expect(await trades(8, 1_500)).not.toEqual(first);
  });

  it("replays a CSV to the same result every time, and to the end", async () => {
    const market = new SimulatedMarket({ seed: 21, badBarRate: 0 });
    const bars: Bar[] = [];
    for (let index = 0; index < 1_200; index++) bars.push(...market.step().bars);
    const text = formatOhlcvCsv(bars);
    const first = await runBacktest({ market: new CsvReplay({ text }), config: { market: "csv" } });
    const second = await runBacktest({
      market: new CsvReplay({ text }),
      config: { market: "csv" },
    });
    expect(first.cycles).toBe(1_200);
    expect(first.bars).toBe(bars.length);
    expect(first.ordersSubmitted).toBeGreaterThan(0);
    expect({ ...first, elapsedSeconds: 0, barsPerSecond: 0 }).toEqual({
      ...second,
      elapsedSeconds: 0,
      barsPerSecond: 0,
    });
    expect(first.finalNav).toBeCloseTo(
      first.initialCash +
        first.realizedPnl +
        (first.finalNav - first.initialCash - first.realizedPnl),
      9,
    );
  });

  it("times every stage of every cycle and says why a cycle made no trade", async () => {
    const bot = await createBot({ seed: 3 }, { clock: "market" });
    const cycles: CycleCompleted[] = [];
    bot.bus.subscribe(switchboard.cycle, (event) => cycles.push(event));
    bot.start();
    for (let index = 0; index < 400; index++) await bot.runCycle();
    expect(cycles).toHaveLength(400);
    for (const cycle of cycles) {
      expect(cycle.durationSeconds).toBeGreaterThan(0);
      const stages = Object.values(cycle.stageDurations);
      expect(stages).toHaveLength(5);
      expect(stages.every((seconds) => seconds >= 0)).toBe(true);
      expect(stages.reduce((sum, seconds) => sum + seconds, 0)).toBeLessThanOrEqual(
        cycle.durationSeconds + 1e-9,
      );
      if (cycle.status === "success") {
        expect(cycle.executed).toBeGreaterThan(0);
        expect(cycle.noTradeReason).toBeUndefined();
      } else expect(cycle.noTradeReason).toBeDefined();
      expect(cycle.approved).toBeLessThanOrEqual(cycle.proposals);
    }
    expect(cycles.slice(0, 20).every((cycle) => cycle.noTradeReason === "no_signal")).toBe(true);
    expect(cycles.some((cycle) => cycle.status === "success")).toBe(true);
    bot.dispose();
  });

  it("follows each order through intent, submission, acknowledgement and fills, and books them", async () => {
    const bot = await createBot({ seed: 5 }, { clock: "market" });
    const lifecycle = new Map<string, string[]>();
    bot.bus.subscribe(switchboard.allOrders, (event) => {
      const steps = lifecycle.get(event.clientOrderId) ?? [];
      steps.push(event.type);
      lifecycle.set(event.clientOrderId, steps);
    });
    bot.start();
    for (let index = 0; index < 600; index++) await bot.runCycle();
    const filled = [...lifecycle.values()].filter((steps) => steps.includes("OrderFilled"));
    expect(filled.length).toBeGreaterThan(3);
    for (const steps of filled) {
      const lifecycleSteps = steps.filter((step) => step !== "OrderResized");
      expect(lifecycleSteps.slice(0, 3)).toEqual([
        "OrderIntentCreated",
        "OrderSubmitted",
        "OrderAcknowledged",
      ]);
      expect(lifecycleSteps.at(-1)).toMatch(/OrderFilled|OrderCancelled/);
    }
    for (const steps of lifecycle.values()) {
      if (steps.includes("OrderDenied")) expect(steps).not.toContain("OrderSubmitted");
    }
    expect(bot.portfolio.cash).toBeCloseTo(bot.exchange.cash, 6);
    bot.dispose();
  });

  it("trips breakers under injected faults, reports them, and recovers", async () => {
    const bot = await createBot(
      {
        seed: 9,
        faults: {
          timeout: 0.1,
          rateLimit: 0.1,
          serverError: 0.1,
          disconnect: 0.05,
          maintenance: 0.05,
        },
        simulated: { crashRate: 0.005 },
      },
      { clock: "market" },
    );
    const events: BotEvent[] = [];
    bot.bus.subscribe(switchboard.risk, (event) => events.push(event));
    const halted: CycleCompleted[] = [];
    bot.bus.subscribe(switchboard.cycle, (event) => {
      if (event.status === "halted") halted.push(event);
    });
    bot.start();
    for (let index = 0; index < 1_000; index++) await bot.runCycle();
    const tripped = new Set(
      events.flatMap((event) => (event.type === "BreakerTripped" ? [event.breaker] : [])),
    );
    const reset = new Set(
      events.flatMap((event) => (event.type === "BreakerReset" ? [event.breaker] : [])),
    );
    expect([...tripped].sort()).toEqual([
      "api_health",
      "exchange_connectivity",
      "exchange_health",
      "rate_limit_cooldown",
      "volatility_crash",
    ]);
    expect([...reset].sort()).toEqual([...tripped].sort());
    expect(halted.length).toBeGreaterThan(0);
    expect(halted.every((cycle) => cycle.noTradeReason?.startsWith("circuit_breaker:"))).toBe(true);
    bot.dispose();
  });

  it("reports bad prints, gaps and silent feeds as data-quality events", async () => {
    const bot = await createBot(
      {
        seed: 4,
        simulated: { badBarRate: 0.02, gapRate: 0.02, staleRate: 0.01 },
      },
      { clock: "market" },
    );
    const seen = new Map<string, number>();
    bot.bus.subscribe(switchboard.allDataQuality, (event) => {
      const key =
        event.type === "DataValidationFailed" ? `${event.type}:${event.errorType}` : event.type;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    });
    bot.start();
    for (let index = 0; index < 500; index++) await bot.runCycle();
    expect(seen.get("DataValidationFailed:high_below_low")).toBeGreaterThan(0);
    expect(seen.get("DataValidationFailed:gap")).toBeGreaterThan(0);
    expect(seen.get("DataStale")).toBeGreaterThan(0);
    expect(seen.get("DataRecovered")).toBeGreaterThan(0);
    bot.dispose();
  });

  it("runs its loop in the background and stops cleanly", async () => {
    const running = await startBot({ cycleIntervalMs: 1 });
    const fills: OrderFilled[] = [];
    running.bus.subscribe(switchboard.allOrders, (event) => {
      if (event.type === "OrderFilled") fills.push(event);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await running.stop();
    const cycles = running.bot.engine.cycles;
    expect(cycles).toBeGreaterThan(10);
    expect(running.bot.state).toBe("stopped");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.bot.engine.cycles).toBe(cycles);
    expect(running.portfolioView.nav).toBeGreaterThan(0);
  });
});
