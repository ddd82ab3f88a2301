import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../random.js";
import { FillModel } from "./fill-model.js";

describe("FillModel", () => {
  it("fills a small market order in one part, paying half the spread plus impact", () => {
    const model = new FillModel({ noiseBps: 0 });
    const [part, ...rest] = model.marketFills("buy", 1, 100, 1_000, new SeededRandom(1));
    expect(rest).toHaveLength(0);
    const expectedBps = 2 + 50 * Math.sqrt(1 / 1_000);
    expect(part?.slippageBps).toBeCloseTo(expectedBps, 9);
    expect(part?.price).toBeCloseTo(100 * (1 + expectedBps / 10_000), 9);
    expect(part?.fee).toBeCloseTo(part!.price * 0.001, 12);
  });

  it("fills a large market order in parts of at most maxParticipation of the volume, each worse than the last", () => {
    const model = new FillModel({ noiseBps: 0, maxParticipation: 0.05, maxParts: 4 });
    const parts = model.marketFills("sell", 150, 100, 1_000, new SeededRandom(1));
    expect(parts.map((part) => part.quantity)).toEqual([50, 50, 50]);
    for (let index = 1; index < parts.length; index++) {
      expect(parts[index]!.price).toBeLessThan(parts[index - 1]!.price);
    }
    expect(parts.every((part) => part.price < 100)).toBe(true);
  });

  it("always fills the whole quantity, never more, and always charges a positive fee", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("buy" as const, "sell" as const),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (side, quantity, price, volume, seed) => {
          const parts = new FillModel().marketFills(
            side,
            quantity,
            price,
            volume,
            new SeededRandom(seed),
          );
          const filled = parts.reduce((sum, part) => sum + part.quantity, 0);
          expect(filled).toBeCloseTo(quantity, 6);
          expect(parts.length).toBeLessThanOrEqual(4);
          for (const part of parts) {
            expect(part.fee).toBeGreaterThan(0);
            expect(part.slippageBps).toBeGreaterThan(0);
            if (side === "buy") expect(part.price).toBeGreaterThan(price);
            else expect(part.price).toBeLessThan(price);
          }
        },
      ),
    );
  });

  it("fills a resting limit order only when the bar trades through it, capped by volume", () => {
    const model = new FillModel({ maxParticipation: 0.1 });
    const bar = {
      symbol: "A",
      timestamp: 0,
      open: 100,
      high: 101,
      low: 99,
      close: 100,
      volume: 50,
    };
    expect(model.limitFillQuantity("buy", 98, 10, bar)).toBe(0);
    expect(model.limitFillQuantity("buy", 99.5, 10, bar)).toBe(5);
    expect(model.limitFillQuantity("buy", 99.5, 2, bar)).toBe(2);
    expect(model.limitFillQuantity("sell", 102, 10, bar)).toBe(0);
    expect(model.limitFillQuantity("sell", 100.5, 3, bar)).toBe(3);
  });
});
