/** @module A trend/momentum strategy: EMA crossover confirmed by rate of change, on trading-signals. */

import { EMA, ROC } from "trading-signals";
import { numberField } from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../../config/config-schema.js";
import type { Bar } from "../../types.js";
import { directFeatureCache, type FeatureCache } from "../feature-cache.js";
import { ReturnsVolatility } from "../returns-volatility.js";
import { type Signal, type Strategy, unit } from "../strategy.js";

/** Trend/momentum settings. */
export interface TrendMomentumConfig {
  /** Fast EMA period. Default 12. */
  readonly fastPeriod: number;
  /** Slow EMA period. Default 26. */
  readonly slowPeriod: number;
  /** Rate-of-change period. Default 10. */
  readonly momentumPeriod: number;
  /** EMA spread (fast/slow - 1) that counts as full strength. Default 0.002. */
  readonly fullStrengthSpread: number;
}

/** Default trend/momentum settings. */
export const defaultTrendMomentumConfig: TrendMomentumConfig = Object.freeze({
  fastPeriod: 12,
  slowPeriod: 26,
  momentumPeriod: 10,
  fullStrengthSpread: 0.002,
});

/** The rules of {@link TrendMomentumConfig}, checked at construction. */
export const trendMomentumConfigSpec: ConfigSpec<TrendMomentumConfig> = Object.freeze({
  schema: {
    fastPeriod: numberField({ min: 1, integer: true }),
    slowPeriod: numberField({ min: 1, integer: true }),
    momentumPeriod: numberField({ min: 1, integer: true }),
    fullStrengthSpread: numberField({ above: 0 }),
  },
  defaults: defaultTrendMomentumConfig,
  refine: (config: TrendMomentumConfig) =>
    config.fastPeriod >= config.slowPeriod
      ? [["fastPeriod", `must be below slowPeriod (${config.slowPeriod})`] as const]
      : [],
});

interface Indicators {
  readonly fast: EMA;
  readonly slow: EMA;
  readonly momentum: ROC;
}

/**
 * Buys when the fast EMA is above the slow one and the rate of change is positive, sells
 * when both point down, else stays flat. Strength is the EMA spread relative to
 * `fullStrengthSpread`; confidence is how strongly momentum agrees with the trend.
 *
 * @example
 * const strategy = new TrendMomentumStrategy({ fastPeriod: 8, slowPeriod: 21 });
 * const signal = strategy.onBar(bar); // undefined until 21 bars of that symbol were seen
 */
export class TrendMomentumStrategy implements Strategy {
  readonly name = "trend_momentum";
  readonly entryOrderType = "market" as const;
  readonly config: TrendMomentumConfig;
  readonly #indicators = new Map<string, Indicators>();

  readonly #volatility: ReturnsVolatility;

  /** `features` serves the shared features (default: computed directly). */
  constructor(
    config: Partial<TrendMomentumConfig> = {},
    features: FeatureCache = directFeatureCache,
  ) {
    this.#volatility = new ReturnsVolatility(features);
    this.config = resolveConfig(trendMomentumConfigSpec, config, "trendMomentum");
  }

  onBar(bar: Bar): Signal | undefined {
    let indicators = this.#indicators.get(bar.symbol);
    if (indicators === undefined) {
      indicators = {
        fast: new EMA(this.config.fastPeriod),
        slow: new EMA(this.config.slowPeriod),
        momentum: new ROC(this.config.momentumPeriod),
      };
      this.#indicators.set(bar.symbol, indicators);
    }
    const fast = indicators.fast.add(bar.close);
    const slow = indicators.slow.add(bar.close);
    const momentum = indicators.momentum.add(bar.close);
    const volatility = this.#volatility.add(bar);
    if (!indicators.slow.isStable || fast === null || slow === null || momentum === null)
      return undefined;
    // No movement over the volatility window: nothing to trade on (the indicators say flat too).
    if (volatility === 0) return { direction: "flat", strength: 0, confidence: 0 };
    const spread = fast / slow - 1;
    const strength = unit(Math.abs(spread) / this.config.fullStrengthSpread);
    const confidence = unit(Math.abs(momentum) / this.config.fullStrengthSpread);
    if (spread > 0 && momentum > 0) return { direction: "buy", strength, confidence };
    if (spread < 0 && momentum < 0) return { direction: "sell", strength, confidence };
    return { direction: "flat", strength: 0, confidence: 0 };
  }

  reset(): void {
    this.#indicators.clear();
    this.#volatility.reset();
  }
}
