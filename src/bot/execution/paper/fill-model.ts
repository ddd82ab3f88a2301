/** @module How the paper exchange prices and splits fills: spread, square-root impact, noise, fees. */
import { numberField, probabilityField } from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../../config/config-schema.js";
import type { SeededRandom } from "../../random.js";
import type { Bar, OrderSide } from "../../types.js";

/** Fill model settings. Basis points are of the reference price. */
export interface FillModelConfig {
  /** Half the bid/ask spread paid by a market order. Default 2 bps. */
  readonly halfSpreadBps: number;
  /** Impact at 100% participation; impact grows with the square root of participation. Default 50 bps. */
  readonly impactBps: number;
  /** Standard deviation of random slippage noise (absolute value taken). Default 1 bp. */
  readonly noiseBps: number;
  /** Largest share of a bar's volume one fill may take; bigger orders fill in parts. Default 0.05. */
  readonly maxParticipation: number;
  /** Most parts a market order fills in; the last part takes whatever remains. Default 4. */
  readonly maxParts: number;
  /** Most slippage a part pays (an exchange's price band for market orders). Default 500 bps. */
  readonly maxSlippageBps: number;
  /** Taker fee rate (market orders). Default 0.001 (10 bps). */
  readonly takerFeeRate: number;
  /** Maker fee rate (resting limit orders). Default 0.0005 (5 bps). */
  readonly makerFeeRate: number;
}

/** Default fill model settings. */
export const defaultFillModelConfig: FillModelConfig = Object.freeze({
  halfSpreadBps: 2,
  impactBps: 50,
  noiseBps: 1,
  maxParticipation: 0.05,
  maxParts: 4,
  maxSlippageBps: 500,
  takerFeeRate: 0.001,
  makerFeeRate: 0.0005,
});

/** The rules of {@link FillModelConfig}, checked at construction. */
export const fillModelConfigSpec: ConfigSpec<FillModelConfig> = Object.freeze({
  schema: {
    halfSpreadBps: numberField({ min: 0 }),
    impactBps: numberField({ min: 0 }),
    noiseBps: numberField({ min: 0 }),
    maxParticipation: numberField({ above: 0, max: 1 }),
    maxParts: numberField({ min: 1, integer: true }),
    maxSlippageBps: numberField({ min: 0 }),
    takerFeeRate: probabilityField,
    makerFeeRate: probabilityField,
  },
  defaults: defaultFillModelConfig,
});

/** One planned fill. */
export interface PlannedFill {
  readonly quantity: number;
  readonly price: number;
  /** Cost against the reference price in bps (positive = worse for us). */
  readonly slippageBps: number;
  readonly fee: number;
}

/**
 * Prices a market order: each part pays the half spread plus square-root impact of its
 * participation in the bar's volume (cumulative, so later parts pay more) plus noise; parts
 * are at most `maxParticipation` of the volume, at most `maxParts` of them. A buy pays above
 * the reference price, a sell receives below it; no part pays more than `maxSlippageBps`.
 *
 * @example
 * const model = new FillModel();
 * model.marketFills("buy", 2, 100, 1_000, random); // one part, price a little above 100
 */
export class FillModel {
  readonly config: FillModelConfig;

  constructor(config: Partial<FillModelConfig> = {}) {
    this.config = resolveConfig(fillModelConfigSpec, config, "exchange.fillModel");
  }

  /** Plans the fills of a market order for `quantity` at reference price `price`. */
  marketFills(
    side: OrderSide,
    quantity: number,
    price: number,
    barVolume: number,
    random: SeededRandom,
  ): PlannedFill[] {
    const {
      halfSpreadBps,
      impactBps,
      noiseBps,
      maxParticipation,
      maxParts,
      maxSlippageBps,
      takerFeeRate,
    } = this.config;
    const volume = barVolume > 0 ? barVolume : quantity;
    const partLimit = Math.max(volume * maxParticipation, quantity / maxParts);
    const fills: PlannedFill[] = [];
    let remaining = quantity;
    let done = 0;
    while (remaining > 0) {
      const part = fills.length === maxParts - 1 ? remaining : Math.min(remaining, partLimit);
      done += part;
      const participation = done / volume;
      const slippageBps = Math.min(
        halfSpreadBps + impactBps * Math.sqrt(participation) + Math.abs(random.normal()) * noiseBps,
        maxSlippageBps,
      );
      const direction = side === "buy" ? 1 : -1;
      const fillPrice = price * (1 + (direction * slippageBps) / 10_000);
      fills.push({
        quantity: part,
        price: fillPrice,
        slippageBps,
        fee: part * fillPrice * takerFeeRate,
      });
      remaining = quantity - done;
      if (remaining <= quantity * 1e-12) remaining = 0;
    }
    return fills;
  }

  /**
   * Returns how much of a resting limit order fills against `bar`: nothing unless the bar
   * traded through the limit (low ≤ limit for a buy, high ≥ limit for a sell), then at most
   * `maxParticipation` of the bar's volume.
   */
  limitFillQuantity(side: OrderSide, limitPrice: number, remaining: number, bar: Bar): number {
    const touched = side === "buy" ? bar.low <= limitPrice : bar.high >= limitPrice;
    if (!touched) return 0;
    const cap = bar.volume > 0 ? bar.volume * this.config.maxParticipation : remaining;
    return Math.min(remaining, cap);
  }

  /** Maker fee of a limit fill. */
  makerFee(quantity: number, price: number): number {
    return quantity * price * this.config.makerFeeRate;
  }
}
