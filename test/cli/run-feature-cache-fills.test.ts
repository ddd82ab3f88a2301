/** @module A seeded run's fills are the same with the run's feature cache (LayeredFeatureStore) as with direct computation. */

import { describe, expect, it } from "vitest";
import { createBot } from "../../src/bot/bot.js";
import type { FeatureCache } from "../../src/bot/strategy/feature-cache.js";
import { switchboard } from "../../src/bot/switchboard.js";
import { createBotRecorder } from "../../src/bot/telemetry/bot-recorder.js";
import { RunFeatureCache, startFeatureStore } from "../../src/cli/commands/run-feature-store.js";
import { Registry } from "../../src/metrics/index.js";

/** Runs the seeded bot for `cycles` cycles on the market clock; returns its fills as text lines. */
async function seededFills(cycles: number, featureCache?: FeatureCache): Promise<string[]> {
  const bot = await createBot(
    { market: "sim", seed: 11, cycleIntervalMs: 0, faults: { rateLimit: 0.01 } },
    { clock: "market", ...(featureCache === undefined ? {} : { featureCache }) },
  );
  const fills: string[] = [];
  bot.bus.subscribe(switchboard.allOrders, (event) => {
    if (event.type === "OrderFilled")
      fills.push(`${event.clientOrderId} ${event.quantity} @ ${event.price} fee ${event.fee}`);
  });
  bot.bus.subscribe(switchboard.cycle, () => {
    if (bot.engine.cycles >= cycles) bot.stop();
  });
  await bot.run();
  bot.dispose();
  return fills;
}

describe("the run's feature cache", () => {
  it("gives a seeded run the same fills as direct computation, serving half the lookups from L1", async () => {
    const direct = await seededFills(2_000);

    const registry = new Registry();
    const recorder = createBotRecorder({
      registry,
      symbols: ["BTC/USD", "ETH/USD", "SOL/USD", "ADA/USD"],
      constLabels: { environment: "backtest" },
    });
    const cache = new RunFeatureCache();
    const store = await startFeatureStore(
      cache,
      recorder,
      { redisUrl: undefined, postgresUrl: undefined },
      () => {},
    );
    let served = 0;
    const counting: FeatureCache = {
      get: (feature, symbol, barTime, compute) => {
        let computed = false;
        const value = cache.get(feature, symbol, barTime, () => {
          computed = true;
          return compute();
        });
        if (!computed) served += 1;
        return value;
      },
    };
    const cached = await seededFills(2_000, counting);
    await store.stop();

    expect(direct.length).toBeGreaterThan(10);
    expect(cached).toEqual(direct);
    // The second strategy's lookup of each bar's feature came from the cache, not a computation.
    expect(served).toBeGreaterThan(1_000);
    const text = await registry.metrics();
    const hits = Number(
      /tradewatch_cache_hits_total\{environment="backtest",layer="l1"\} (\S+)/.exec(text)?.[1],
    );
    const misses = Number(
      /tradewatch_cache_misses_total\{environment="backtest"\} (\S+)/.exec(text)?.[1],
    );
    expect(hits).toBe(served);
    expect(misses).toBeGreaterThan(1_000);
  }, 60_000);
});
