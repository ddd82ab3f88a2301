/** @module A mean-reversion strategy: Bollinger Bands with an RSI filter, on trading-signals. */

import { BollingerBands, RSI } from "trading-signals";
import { numberField, percentField } from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../../config/config-schema.js";
import type { Bar } from "../../types.js";
import { directFeatureCache, type FeatureCache } from "../feature-cache.js";
import { ReturnsVolatility } from "../returns-volatility.js";
import { type Signal, type Strategy, unit } from "../strategy.js";

/** Mean-reversion settings. */
export interface MeanReversionConfig {
  /** Bollinger Bands period. Default 20. */
  readonly bandPeriod: number;
  /** Band width in standard deviations. Default 2. */
  readonly bandDeviations: number;
  /** RSI period. Default 14. */
  readonly rsiPeriod: number;
  /** RSI at or below which the market counts as oversold. Default 35. */
  readonly oversold: number;
  /** RSI at or above which the market counts as overbought. Default 65. */
  readonly overbought: number;
}

/** Default mean-reversion settings. */
export const defaultMeanReversionConfig: MeanReversionConfig = Object.freeze({
  bandPeriod: 20,
  bandDeviations: 2,
  rsiPeriod: 14,
  oversold: 35,
  overbought: 65,
});

/** The rules of {@link MeanReversionConfig}, checked at construction. */
export const meanReversionConfigSpec: ConfigSpec<MeanReversionConfig> = Object.freeze({
  schema: {
    bandPeriod: numberField({ min: 2, integer: true }),
    bandDeviations: numberField({ above: 0 }),
    rsiPeriod: numberField({ min: 1, integer: true }),
    oversold: percentField,
    overbought: percentField,
  },
  defaults: defaultMeanReversionConfig,
  refine: (config: MeanReversionConfig) =>
    config.oversold >= config.overbought
      ? [["oversold", `must be below overbought (${config.overbought})`] as const]
      : [],
});

interface Indicators {
  readonly bands: BollingerBands;
  readonly rsi: RSI;
}

/**
 * Buys a close below the lower band when RSI is oversold (betting on a return to the
 * middle band), sells once the close is back above the middle band or RSI is overbought.
 * Strength is how far below the band the close is, in band widths; confidence is how
 * oversold RSI is.
 *
 * @example
 * const strategy = new MeanReversionStrategy({ bandPeriod: 30 });
 */
export class MeanReversionStrategy implements Strategy {
  readonly name = "mean_reversion";
  readonly entryOrderType = "limit" as const;
  readonly config: MeanReversionConfig;
  readonly #indicators = new Map<string, Indicators>();

  readonly #volatility: ReturnsVolatility;

  /** `features` serves the shared features (default: computed directly). */
  constructor(
    config: Partial<MeanReversionConfig> = {},
    features: FeatureCache = directFeatureCache,
  ) {
    this.#volatility = new ReturnsVolatility(features);
    this.config = resolveConfig(meanReversionConfigSpec, config, "meanReversion");
  }

  onBar(bar: Bar): Signal | undefined {
    let indicators = this.#indicators.get(bar.symbol);
    if (indicators === undefined) {
      indicators = {
        bands: new BollingerBands(this.config.bandPeriod, this.config.bandDeviations),
        rsi: new RSI(this.config.rsiPeriod),
      };
      this.#indicators.set(bar.symbol, indicators);
    }
    const bands = indicators.bands.add(bar.close);
    const rsi = indicators.rsi.add(bar.close);
    const volatility = this.#volatility.add(bar);
    if (bands === null || rsi === null) return undefined;
    // No movement over the volatility window: nothing to trade on (the indicators say flat too).
    if (volatility === 0) return { direction: "flat", strength: 0, confidence: 0 };
    const width = bands.upper - bands.lower;
    if (!(width > 0)) return { direction: "flat", strength: 0, confidence: 0 };
    const { oversold, overbought } = this.config;
    if (bar.close < bands.lower && rsi <= oversold) {
      return {
        direction: "buy",
        strength: unit(0.5 + ((bands.lower - bar.close) / width) * 4),
        confidence: unit((oversold - rsi) / oversold + 0.5),
      };
    }
    if (bar.close > bands.middle || rsi >= overbought) {
      return {
        direction: "sell",
        strength: unit((bar.close - bands.middle) / (width / 2)),
        confidence: unit(rsi / 100),
      };
    }
    return { direction: "flat", strength: 0, confidence: 0 };
  }

  reset(): void {
    this.#indicators.clear();
    this.#volatility.reset();
  }
}
