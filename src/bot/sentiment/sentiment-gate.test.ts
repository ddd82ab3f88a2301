import { describe, expect, it } from "vitest";
import { createBot } from "../bot.js";
import { switchboard } from "../switchboard.js";
import type { Bar } from "../types.js";
import { SentimentAggregator } from "./sentiment-aggregator.js";
import { type EntryGate, SentimentGate } from "./sentiment-gate.js";
import { SimulatedSentimentProvider } from "./simulated/simulated-sentiment-provider.js";

/** A seeded bot on the market clock run for `cycles`: its buy intents and no-trade reasons. */
async function run(entryGate: EntryGate | undefined, cycles = 1_500) {
  const bot = await createBot({ seed: 11, cycleIntervalMs: 0 }, { clock: "market", entryGate });
  const buys: string[] = [];
  const reasons = new Map<string, number>();
  for (const strategy of bot.config.strategies) {
    bot.bus.subscribe(switchboard.orders(strategy), (event) => {
      if (event.type === "OrderIntentCreated" && event.side === "buy")
        buys.push(`${event.symbol}@${event.timestamp}`);
    });
  }
  bot.start();
  for (let cycle = 0; cycle < cycles; cycle++) {
    const completed = await bot.engine.runCycle();
    const reason = completed?.noTradeReason;
    if (reason !== undefined) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  bot.dispose();
  return { buys, reasons };
}

function gate(seed: number): { gate: SentimentGate; aggregations: number[] } {
  const aggregations: number[] = [];
  let self: SentimentGate | undefined;
  const trend = (symbol: string) => self?.trend(symbol) ?? 0;
  const provider = (name: string) =>
    new SimulatedSentimentProvider(
      { name, seed, trendWeight: 0.6, cacheSeconds: 120, errorRate: 0.02, rateLimitRate: 0.01 },
      trend,
      () => 0,
    );
  self = new SentimentGate(
    new SentimentAggregator([
      { provider: provider("news_api"), weight: 0.6 },
      { provider: provider("reddit"), weight: 0.4 },
    ]),
    { aggregated: (result) => aggregations.push(result.aggregate ?? Number.NaN) },
  );
  return { gate: self, aggregations };
}

describe("SentimentGate", () => {
  it("skips the buys of symbols whose aggregate sentiment is below the floor, and says so as the cycle's reason", async () => {
    const ungated = await run(undefined);
    const gated = gate(5);
    const withGate = await run(gated.gate);
    expect(gated.aggregations.length).toBeGreaterThan(1_000);
    expect(gated.aggregations.filter((value) => value < -0.3).length).toBeGreaterThan(50);
    expect(withGate.buys.length).toBeLessThan(ungated.buys.length);
    expect(withGate.reasons.get("sentiment:blocked")).toBeGreaterThan(0);
    expect(ungated.reasons.get("sentiment:blocked")).toBeUndefined();
  });

  it("makes the same decisions for the same seed (the engine awaits each bar's aggregate)", async () => {
    const first = await run(gate(5).gate, 600);
    const second = await run(gate(5).gate, 600);
    expect(second.buys).toEqual(first.buys);
  });

  it("measures the trend as a clamped t-statistic of the recent log returns", async () => {
    const { gate: sentimentGate } = gate(1);
    const bar = (close: number, timestamp: number): Bar => ({
      symbol: "AAA",
      timestamp,
      open: close,
      high: close,
      low: close,
      close,
      volume: 1,
    });
    expect(sentimentGate.trend("AAA")).toBe(0);
    for (let index = 0; index < 10; index++)
      await sentimentGate.prepare([bar(100 * 1.01 ** index + (index % 2) * 0.1, index * 60_000)]);
    expect(sentimentGate.trend("AAA")).toBe(1);
    expect(sentimentGate.allowsBuy("BBB")).toBe(true);
  });
});
