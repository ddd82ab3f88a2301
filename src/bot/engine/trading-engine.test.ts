/** @module Tests of the main loop's hand-over of restored positions to their strategies. */
import { describe, expect, it } from "vitest";
import { createBot } from "../bot.js";
import type { OrderIntentCreated } from "../events.js";
import { RateLimiter } from "../execution/rate-limiter.js";
import type { Signal, Strategy } from "../strategy/strategy.js";
import { switchboard } from "../switchboard.js";
import type { Bar } from "../types.js";
import { TradingEngine } from "./trading-engine.js";

/** A strategy that wants out of every symbol on every bar, at full strength. */
class AlwaysSell implements Strategy {
  readonly name: string;
  readonly entryOrderType = "market" as const;

  constructor(name: string) {
    this.name = name;
  }

  onBar(_bar: Bar): Signal {
    return { direction: "sell", strength: 1, confidence: 1 };
  }

  reset(): void {}
}

/** A bot holding 0.5 BTC/USD bought by `trend_momentum`, and an engine over its parts. */
async function restoredEngine(): Promise<{
  engine: TradingEngine;
  intents: OrderIntentCreated[];
}> {
  const bot = await createBot({ seed: 11, symbols: ["BTC/USD"] }, { clock: "market" });
  bot.portfolio.applyFill({
    type: "OrderFilled",
    timestamp: bot.clock.now(),
    clientOrderId: "journal-1",
    strategy: "trend_momentum",
    symbol: "BTC/USD",
    side: "buy",
    orderType: "market",
    exchangeOrderId: "x-1",
    tradeId: "t-1",
    quantity: 0.5,
    price: 100,
    notional: 50,
    fee: 0.05,
    liquidity: "taker",
    slippageBps: 0,
    partial: false,
    filledQuantity: 0.5,
    remainingQuantity: 0,
    ackToFillSeconds: 0,
    totalFillSeconds: 0,
  });
  const engine = new TradingEngine({
    bus: bot.bus,
    clock: bot.clock,
    market: bot.market,
    strategies: [new AlwaysSell("trend_momentum"), new AlwaysSell("mean_reversion")],
    exchange: bot.exchange,
    rateLimiter: new RateLimiter(bot.clock),
    portfolio: bot.portfolio,
    risk: bot.risk,
  });
  const intents: OrderIntentCreated[] = [];
  bot.bus.subscribe(switchboard.allOrders, (event) => {
    if (event.type === "OrderIntentCreated") intents.push(event);
  });
  engine.start();
  return { engine, intents };
}

describe("TradingEngine.restoreEntryOwners", () => {
  it("lets the strategy that opened a restored position sell it, and no other", async () => {
    const { engine, intents } = await restoredEngine();
    engine.restoreEntryOwners(new Map([["BTC/USD", "trend_momentum"]]));
    await engine.runCycle();
    expect(intents.map((intent) => [intent.strategy, intent.symbol, intent.side])).toEqual([
      ["trend_momentum", "BTC/USD", "sell"],
    ]);
    expect(intents[0]?.quantity).toBe(0.5);
    engine.dispose();
  });

  it("leaves a restored position without an owner unsold", async () => {
    const { engine, intents } = await restoredEngine();
    await engine.runCycle();
    expect(intents).toEqual([]);
    engine.restoreEntryOwners(new Map([["BTC/USD", "mean_reversion"]]));
    await engine.runCycle();
    expect(intents.map((intent) => intent.strategy)).toEqual(["mean_reversion"]);
    engine.dispose();
  });
});
