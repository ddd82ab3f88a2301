import { describe, expect, it } from "vitest";
import type { RegimeChanged } from "../events.js";
import { MessageBus } from "../message-bus.js";
import { SeededRandom } from "../random.js";
import { switchboard } from "../switchboard.js";
import type { Bar } from "../types.js";
import { MeanReversionStrategy } from "./mean-reversion/mean-reversion-strategy.js";
import { RegimeDetector } from "./regime-detector.js";
import { TrendMomentumStrategy } from "./trend-momentum/trend-momentum-strategy.js";

const bar = (close: number, index: number, symbol = "A"): Bar => ({
  symbol,
  timestamp: index * 60_000,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

describe("TrendMomentumStrategy", () => {
  it("stays silent while warming up, then buys an uptrend and sells a downtrend", () => {
    const strategy = new TrendMomentumStrategy({ fastPeriod: 3, slowPeriod: 6, momentumPeriod: 3 });
    const signals = [];
    for (let index = 0; index < 20; index++) signals.push(strategy.onBar(bar(100 + index, index)));
    expect(signals.slice(0, 5).every((signal) => signal === undefined)).toBe(true);
    const up = signals.at(-1)!;
    expect(up.direction).toBe("buy");
    expect(up.strength).toBeGreaterThan(0);
    expect(up.strength).toBeLessThanOrEqual(1);
    expect(up.confidence).toBeGreaterThan(0);
    let last = up;
    for (let index = 20; index < 40; index++)
      last = strategy.onBar(bar(120 - (index - 20) * 2, index))!;
    expect(last.direction).toBe("sell");
  });

  it("keeps each symbol's indicators apart and forgets them on reset", () => {
    const strategy = new TrendMomentumStrategy({ fastPeriod: 2, slowPeriod: 4, momentumPeriod: 2 });
    for (let index = 0; index < 10; index++) strategy.onBar(bar(100 + index, index, "A"));
    expect(strategy.onBar(bar(50, 10, "B"))).toBeUndefined();
    strategy.reset();
    expect(strategy.onBar(bar(100, 11, "A"))).toBeUndefined();
  });
});

describe("MeanReversionStrategy", () => {
  it("buys a close below the lower band with RSI oversold, and sells back above the middle band", () => {
    const strategy = new MeanReversionStrategy({
      bandPeriod: 10,
      rsiPeriod: 5,
      oversold: 40,
      overbought: 70,
    });
    const random = new SeededRandom(1);
    let index = 0;
    for (; index < 30; index++) strategy.onBar(bar(100 + random.between(-0.5, 0.5), index));
    let signal = strategy.onBar(bar(95, index++));
    signal = strategy.onBar(bar(93, index++));
    expect(signal?.direction).toBe("buy");
    expect(signal!.strength).toBeGreaterThan(0.5);
    expect(signal!.confidence).toBeGreaterThan(0);
    let last = signal;
    for (let step = 0; step < 6; step++) last = strategy.onBar(bar(96 + step * 2, index++));
    expect(last?.direction).toBe("sell");
  });
});

describe("RegimeDetector", () => {
  it("classifies calm, normal and storm from realised volatility and publishes each change", () => {
    const bus = new MessageBus();
    const detector = new RegimeDetector(bus, { window: 20, barSeconds: 60 });
    detector.start();
    const changes: RegimeChanged[] = [];
    bus.subscribe(switchboard.regime, (event) => changes.push(event));
    const random = new SeededRandom(9);
    let price = 100;
    let index = 0;
    const feed = (annualVolatility: number, bars: number): void => {
      const perBar = annualVolatility / Math.sqrt((365 * 86_400) / 60);
      for (let step = 0; step < bars; step++) {
        price *= Math.exp(perBar * random.normal());
        bus.publish(switchboard.bars("A"), {
          type: "BarReceived",
          timestamp: index * 60_000,
          source: "sim",
          duration: "1m",
          freshnessSeconds: 0,
          bar: bar(price, index++),
        });
      }
    };
    feed(0.1, 60);
    expect(detector.regime("A")).toBe("calm");
    feed(3, 60);
    expect(detector.regime("A")).toBe("storm");
    expect(detector.regime()).toBe("storm");
    feed(0.7, 80);
    expect(detector.regime("A")).toBe("normal");
    const symbolChanges = changes
      .filter((change) => change.symbol === "A")
      .map((change) => change.to);
    expect(symbolChanges).toContain("calm");
    expect(symbolChanges).toContain("storm");
    expect(changes.some((change) => change.symbol === undefined && change.to === "storm")).toBe(
      true,
    );
  });
});
