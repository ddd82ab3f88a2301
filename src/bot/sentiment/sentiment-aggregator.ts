/** @module Weights the providers' scores into one aggregate and detects divergence. */

import type { SentimentProvider } from "./sentiment-provider.js";

/** What one aggregation gave. */
export interface SentimentAggregate {
  readonly symbol: string;
  /** Weighted mean of the answering providers; undefined when none answered. */
  readonly aggregate: number | undefined;
  readonly readings: readonly {
    readonly provider: string;
    readonly score: number;
    readonly weight: number;
  }[];
  /** The answering providers disagree by more than the threshold. */
  readonly divergent: boolean;
}

/** Aggregates providers by weight (a failed provider is left out and the rest renormalised). */
export class SentimentAggregator {
  readonly #providers: readonly { readonly provider: SentimentProvider; readonly weight: number }[];
  readonly #divergenceThreshold: number;

  constructor(
    providers: readonly { readonly provider: SentimentProvider; readonly weight: number }[],
    divergenceThreshold = 0.6,
  ) {
    this.#providers = providers;
    this.#divergenceThreshold = divergenceThreshold;
  }

  async aggregate(symbol: string, barTimeSeconds: number): Promise<SentimentAggregate> {
    const answers = await Promise.allSettled(
      this.#providers.map(({ provider }) => provider.score(symbol, barTimeSeconds)),
    );
    const readings: { provider: string; score: number; weight: number }[] = [];
    answers.forEach((answer, index) => {
      const { provider, weight } = this.#providers[index]!;
      if (answer.status === "fulfilled")
        readings.push({ provider: provider.name, score: answer.value.score, weight });
    });
    let total = 0;
    let sum = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const reading of readings) {
      total += reading.weight;
      sum += reading.weight * reading.score;
      low = Math.min(low, reading.score);
      high = Math.max(high, reading.score);
    }
    return {
      symbol,
      aggregate: total > 0 ? sum / total : undefined,
      readings,
      divergent: readings.length > 1 && high - low > this.#divergenceThreshold,
    };
  }
}
