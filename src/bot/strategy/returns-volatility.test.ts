import { describe, expect, it } from "vitest";
import type { Bar } from "../types.js";
import type { FeatureCache } from "./feature-cache.js";
import { directFeatureCache } from "./feature-cache.js";
import { ReturnsVolatility, returnsVolatilityPeriod } from "./returns-volatility.js";

const bar = (timestamp: number, close: number): Bar => ({
  symbol: "BTC/USD",
  timestamp,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

/** The textbook formula over the last period + 1 closes. */
function naive(closes: readonly number[]): number {
  const window = closes.slice(-(returnsVolatilityPeriod + 1));
  const returns = window.slice(1).map((close, i) => close / (window[i] as number) - 1);
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  return Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / returns.length);
}

describe("ReturnsVolatility", () => {
  it("is undefined until the window is full, then the standard deviation of the last returns", () => {
    const volatility = new ReturnsVolatility(directFeatureCache);
    const closes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const close = 100 + 10 * Math.sin(i / 7) + (i % 5);
      closes.push(close);
      const value = volatility.add(bar(i * 60_000, close));
      if (i < returnsVolatilityPeriod) expect(value).toBeUndefined();
      else expect(value).toBeCloseTo(naive(closes), 12);
    }
  });

  it("asks the cache once per bar, keyed by feature, symbol and bar time", () => {
    const asked: string[] = [];
    const cache: FeatureCache = {
      get: (feature, symbol, barTime, compute) => {
        asked.push(`${feature} ${symbol} ${barTime}`);
        return compute();
      },
    };
    const volatility = new ReturnsVolatility(cache);
    for (let i = 0; i <= returnsVolatilityPeriod + 1; i++) volatility.add(bar(i * 60_000, 100 + i));
    expect(asked).toEqual([
      `returns_volatility_20 BTC/USD ${20 * 60_000}`,
      `returns_volatility_20 BTC/USD ${21 * 60_000}`,
    ]);
  });
});
