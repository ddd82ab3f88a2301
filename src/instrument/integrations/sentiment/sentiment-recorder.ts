/** @module Records sentiment aggregation (seed 004 phase 7): calculation time, provider usage and weights, the aggregate's distribution, divergences. */

import { observeCall } from "../../../recorder/observe-call.js";
import type { TradingRecorder } from "../../../recorder/trading-recorder.js";

/** One provider's reading that went into an aggregation. */
export interface SentimentReading {
  readonly provider: string;
  /** -1 (bearish) to +1 (bullish). */
  readonly score: number;
  /** Its weight in the aggregate (any non-negative scale; normalised to sum to 1). */
  readonly weight?: number;
}

const noArguments: readonly [] = [];
const clampScore = (score: number) =>
  Number.isFinite(score) ? Math.min(1, Math.max(-1, score)) : 0;

/**
 * The sentiment recorder: wrap the aggregator's calculation in `trackCalculation`, report
 * each aggregation with `recordAggregation` and each divergence with `recordDivergence`.
 * Configure the providers and symbols in the recorder's `provider` and `symbol` universes.
 *
 * @example
 * const sentiment = new SentimentRecorder(recorder);
 * const score = sentiment.trackCalculation(() => aggregate(readings));
 * sentiment.recordAggregation("BTC/USDT", score, readings);
 */
export class SentimentRecorder {
  private readonly recorder: TradingRecorder;

  constructor(recorder: TradingRecorder) {
    this.recorder = recorder;
  }

  /** Calls `calculate` (sync or async), observing its duration in `sentiment_calculation_duration_seconds`. */
  trackCalculation<T>(calculate: () => T): T {
    return observeCall(calculate, undefined, noArguments, (_failed, _thrown, seconds) =>
      this.recorder.observe("sentiment_calculation_duration", seconds),
    );
  }

  /**
   * Records one aggregation of `symbol`: the aggregate (clamped to -1..1) into the
   * distribution and the symbol's current score, one use per provider reading, and each
   * provider's share of the weights (equal shares when no weights are given).
   */
  recordAggregation(
    symbol: string,
    aggregate: number,
    readings: readonly SentimentReading[],
  ): void {
    const score = clampScore(aggregate);
    this.recorder.observe("sentiment_aggregate", score);
    this.recorder.set("sentiment_current", score, { symbol });
    let total = 0;
    for (const reading of readings) total += Math.max(0, reading.weight ?? 1);
    for (const reading of readings) {
      this.recorder.inc("sentiment_provider_uses", { provider: reading.provider });
      const share = total > 0 ? Math.max(0, reading.weight ?? 1) / total : 0;
      this.recorder.set("sentiment_provider_weight", share, { provider: reading.provider });
    }
  }

  /** Counts a divergence detected for `symbol` (providers disagreeing, or sentiment against price). */
  recordDivergence(symbol: string): void {
    this.recorder.inc("sentiment_divergences", { symbol });
  }
}
