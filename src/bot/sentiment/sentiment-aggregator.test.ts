import { describe, expect, it } from "vitest";
import { SentimentAggregator } from "./sentiment-aggregator.js";
import { SimulatedSentimentProvider } from "./simulated/simulated-sentiment-provider.js";

const provider = (name: string, trend: number, errorRate = 0) =>
  new SimulatedSentimentProvider(
    { name, seed: 7, trendWeight: 0.8, cacheSeconds: 300, errorRate, rateLimitRate: 0 },
    () => trend,
    () => 0,
  );

describe("SentimentAggregator", () => {
  it("is deterministic from the seed, symbol and bar time, and caches", async () => {
    const a = await provider("news_api", 0.5).score("BTC/USD", 60);
    const b = await provider("news_api", 0.5).score("BTC/USD", 60);
    expect(a.score).toBe(b.score);
    const p = provider("news_api", 0.5);
    await p.score("BTC/USD", 60);
    expect((await p.score("BTC/USD", 120)).cached).toBe(true);
    expect((await p.score("BTC/USD", 400)).cached).toBe(false);
  });

  it("follows the trend, weights providers and leaves failed ones out", async () => {
    let upSum = 0;
    let downSum = 0;
    for (let t = 0; t < 100; t++) {
      upSum += (await provider("news_api", 1).score("ETH/USD", t * 60)).score;
      downSum += (await provider("news_api", -1).score("ETH/USD", t * 60)).score;
    }
    expect(upSum / 100).toBeGreaterThan(0.5);
    expect(downSum / 100).toBeLessThan(-0.5);
    const failing = new SentimentAggregator([
      { provider: provider("news_api", 1), weight: 0.6 },
      { provider: provider("reddit", 1, 1), weight: 0.4 },
    ]);
    const result = await failing.aggregate("BTC/USD", 60);
    expect(result.readings.map((r) => r.provider)).toEqual(["news_api"]);
    expect(result.aggregate).toBe(result.readings[0]!.score);
    const split = new SentimentAggregator(
      [
        { provider: provider("news_api", 1), weight: 1 },
        { provider: provider("reddit", -1), weight: 1 },
      ],
      0.6,
    );
    let divergent = 0;
    for (let t = 0; t < 20; t++)
      if ((await split.aggregate("BTC/USD", t * 60)).divergent) divergent++;
    expect(divergent).toBeGreaterThan(10);
  });
});
