/** @module Classifies each symbol and the market into calm, normal or storm by realised volatility. */
import { numberField } from "../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../config/config-schema.js";
import type { BarReceived } from "../events.js";
import type { MessageBus } from "../message-bus.js";
import { switchboard } from "../switchboard.js";
import type { Lifecycle, Regime } from "../types.js";

/** Regime detector settings. Volatilities are annualised, as ratios (0.6 = 60 %). */
export interface RegimeDetectorConfig {
  /** Returns in the rolling window. Default 30. */
  readonly window: number;
  /** Below this the regime is calm. Default 0.45. */
  readonly calmBelow: number;
  /** At or above this the regime is storm. Default 1.0. */
  readonly stormFrom: number;
  /** Bar duration, to annualise. Default 60 s. */
  readonly barSeconds: number;
}

/** Default regime detector settings. */
export const defaultRegimeDetectorConfig: RegimeDetectorConfig = Object.freeze({
  window: 30,
  calmBelow: 0.45,
  stormFrom: 1,
  barSeconds: 60,
});

/** The rules of {@link RegimeDetectorConfig}, checked at construction. */
export const regimeDetectorConfigSpec: ConfigSpec<RegimeDetectorConfig> = Object.freeze({
  schema: {
    window: numberField({ min: 2, integer: true }),
    calmBelow: numberField({ min: 0 }),
    stormFrom: numberField({ above: 0 }),
    barSeconds: numberField({ above: 0 }),
  },
  defaults: defaultRegimeDetectorConfig,
  refine: (config: RegimeDetectorConfig) =>
    config.calmBelow > config.stormFrom
      ? [["calmBelow", `must be at most stormFrom (${config.stormFrom})`] as const]
      : [],
});

interface Window {
  readonly returns: Float64Array;
  count: number;
  next: number;
  sum: number;
  sumSquares: number;
  lastClose: number;
  regime: Regime;
  volatility: number;
}

/**
 * Keeps a rolling window of log returns per symbol, annualises their standard deviation
 * (σ × √(bars per year), 365-day year, zero mean not assumed) and publishes `RegimeChanged`
 * when a symbol's regime changes, and when the market's does. The market's regime is that
 * of the symbols' mean volatility.
 *
 * @example
 * const detector = new RegimeDetector(bus, { barSeconds: 3600 });
 * detector.start();
 */
export class RegimeDetector implements Lifecycle {
  readonly config: RegimeDetectorConfig;
  readonly #bus: MessageBus;
  readonly #windows = new Map<string, Window>();
  readonly #annualise: number;
  #market: Regime = "normal";
  #unsubscribe: (() => void) | undefined;

  constructor(bus: MessageBus, config: Partial<RegimeDetectorConfig> = {}) {
    this.config = resolveConfig(regimeDetectorConfigSpec, config, "regimes");
    this.#bus = bus;
    this.#annualise = Math.sqrt((365 * 86_400) / this.config.barSeconds);
  }

  start(): void {
    this.#unsubscribe ??= this.#bus.subscribe(switchboard.allBars, (event) => this.onBar(event));
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  reset(): void {
    this.#windows.clear();
    this.#market = "normal";
  }

  dispose(): void {
    this.stop();
  }

  /** The regime of `symbol`, or of the market when omitted. */
  regime(symbol?: string): Regime {
    if (symbol === undefined) return this.#market;
    return this.#windows.get(symbol)?.regime ?? "normal";
  }

  /** Updates the symbol's window (the bus handler). */
  onBar(event: BarReceived): void {
    const { symbol, close } = event.bar;
    let window = this.#windows.get(symbol);
    if (window === undefined) {
      window = {
        returns: new Float64Array(this.config.window),
        count: 0,
        next: 0,
        sum: 0,
        sumSquares: 0,
        lastClose: close,
        regime: "normal",
        volatility: 0,
      };
      this.#windows.set(symbol, window);
      return;
    }
    const logReturn = Math.log(close / window.lastClose);
    window.lastClose = close;
    if (!Number.isFinite(logReturn)) return;
    if (window.count === this.config.window) {
      const old = window.returns[window.next]!;
      window.sum -= old;
      window.sumSquares -= old * old;
    } else {
      window.count++;
    }
    window.returns[window.next] = logReturn;
    window.next = (window.next + 1) % this.config.window;
    window.sum += logReturn;
    window.sumSquares += logReturn * logReturn;
    if (window.count < this.config.window) return;
    const n = window.count;
    const variance = Math.max((window.sumSquares - (window.sum * window.sum) / n) / (n - 1), 0);
    window.volatility = Math.sqrt(variance) * this.#annualise;
    const regime = this.#classify(window.volatility);
    if (regime !== window.regime) {
      const from = window.regime;
      window.regime = regime;
      this.#publish(symbol, from, regime, window.volatility, event.timestamp);
    }
    let total = 0;
    let warm = 0;
    for (const candidate of this.#windows.values()) {
      if (candidate.count === this.config.window) {
        total += candidate.volatility;
        warm++;
      }
    }
    const marketVolatility = total / warm;
    const market = this.#classify(marketVolatility);
    if (market !== this.#market) {
      const from = this.#market;
      this.#market = market;
      this.#publish(undefined, from, market, marketVolatility, event.timestamp);
    }
  }

  #classify(volatility: number): Regime {
    if (volatility < this.config.calmBelow) return "calm";
    if (volatility >= this.config.stormFrom) return "storm";
    return "normal";
  }

  #publish(
    symbol: string | undefined,
    from: Regime,
    to: Regime,
    volatility: number,
    timestamp: number,
  ): void {
    this.#bus.publish(switchboard.regime, {
      type: "RegimeChanged",
      timestamp,
      symbol,
      from,
      to,
      volatility,
    });
  }
}
