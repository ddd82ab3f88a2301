import { describe, expect, it } from "vitest";
import type { Bar } from "../../types.js";
import { SimulatedMarket } from "./simulated-market.js";

const run = (market: SimulatedMarket, steps: number): Bar[][] => {
  const batches: Bar[][] = [];
  for (let index = 0; index < steps; index++) batches.push([...market.step().bars]);
  return batches;
};

describe("SimulatedMarket", () => {
  it("produces the same bars for the same seed, different ones for another seed, and again after reset", () => {
    const first = run(new SimulatedMarket({ seed: 11 }), 200);
    expect(run(new SimulatedMarket({ seed: 11 }), 200)).toEqual(first);
    expect(run(new SimulatedMarket({ seed: 12 }), 200)).not.toEqual(first);
    const market = new SimulatedMarket({ seed: 11 });
    run(market, 50);
    market.reset();
    expect(run(market, 200)).toEqual(first);
  });

  it("spaces bars by the bar duration and makes each from its ticks", () => {
    const market = new SimulatedMarket({
      seed: 1,
      symbols: ["A"],
      barSeconds: 60,
      ticksPerBar: 4,
      staleRate: 0,
      badBarRate: 0,
    });
    const batch = market.step();
    expect(batch.timestamp).toBe(market.config.startTime + 60_000);
    expect(batch.ticks).toHaveLength(4);
    const bar = batch.bars[0]!;
    expect(bar.close).toBe(batch.ticks.at(-1)!.price);
    expect(bar.high).toBe(Math.max(bar.open, ...batch.ticks.map((tick) => tick.price)));
    expect(bar.low).toBe(Math.min(bar.open, ...batch.ticks.map((tick) => tick.price)));
    expect(market.step().bars[0]!.timestamp - bar.timestamp).toBe(60_000);
  });

  it("crashes, gaps, goes silent and prints malformed bars at its configured rates", () => {
    const market = new SimulatedMarket({
      seed: 5,
      symbols: ["A"],
      crashRate: 0.01,
      gapRate: 0.01,
      staleRate: 0.01,
      badBarRate: 0.01,
      staleBars: 5,
    });
    let silent = 0;
    let malformed = 0;
    let gaps = 0;
    let crashes = 0;
    let previous: Bar | undefined;
    const closes: number[] = [];
    let skip = 0;
    for (let index = 0; index < 5_000; index++) {
      const bar = market.step().bars[0];
      if (bar === undefined) {
        silent++;
        continue;
      }
      if (bar.high < bar.low) malformed++;
      if (previous !== undefined && Math.abs(bar.open / previous.close - 1) > 0.009) gaps++;
      closes.push(bar.close);
      const threeBarsAgo = closes.at(-4);
      if (skip > 0) skip--;
      else if (threeBarsAgo !== undefined && bar.close < threeBarsAgo * 0.93) {
        crashes++;
        skip = 3;
      }
      previous = bar;
    }
    expect(silent).toBeGreaterThan(100);
    expect(malformed).toBeGreaterThan(10);
    expect(gaps).toBeGreaterThan(10);
    expect(crashes).toBeGreaterThan(5);
  });

  it("spends time in each regime", () => {
    const market = new SimulatedMarket({ seed: 3, regimeChangeRate: 0.05 });
    const seen = new Set<string>();
    for (let index = 0; index < 2_000; index++) {
      market.step();
      seen.add(market.regime);
    }
    expect([...seen].sort()).toEqual(["calm", "normal", "storm"]);
  });
});
