/** @module Catalog: sentiment analysis (seed 004 phase 7): calculation time, provider usage and contribution, aggregated score distribution, divergences. */

import { computeSecondsBuckets } from "../buckets.js";
import { providerLabel, symbolLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

/** Aggregated sentiment runs from -1 (bearish) to +1 (bullish). */
export const sentimentScoreBuckets = [
  -0.75, -0.5, -0.25, -0.1, 0, 0.1, 0.25, 0.5, 0.75, 1,
] as const;

export const sentimentMetrics = [
  {
    key: "sentiment_calculation_duration",
    name: "sentiment_calculation_duration_seconds",
    help: "Time to aggregate the providers' sentiment for one symbol.",
    type: "histogram",
    unit: "seconds",
    labels: [],
    buckets: computeSecondsBuckets,
    domain: "sentiment",
    seedNames: [],
    example: "histogram_quantile(0.95, sum by (le) (rate({name}_bucket[5m])))",
  },
  {
    key: "sentiment_provider_uses",
    name: "sentiment_provider_uses_total",
    help: "Sentiment readings used in an aggregation, by provider.",
    type: "counter",
    labels: [providerLabel],
    domain: "sentiment",
    seedNames: [],
    example: "sum by (provider) (increase({name}[1h]))",
  },
  {
    key: "sentiment_aggregate",
    name: "sentiment_aggregate",
    help: "Aggregated sentiment scores, -1 (bearish) to +1 (bullish).",
    type: "histogram",
    labels: [],
    buckets: sentimentScoreBuckets,
    domain: "sentiment",
    seedNames: [],
    example: "sum by (le) (increase({name}_bucket[1h]))",
  },
  {
    key: "sentiment_current",
    name: "sentiment_current",
    help: "The latest aggregated sentiment of a symbol, -1 to +1.",
    type: "gauge",
    labels: [symbolLabel],
    domain: "sentiment",
    seedNames: [],
  },
  {
    key: "sentiment_divergences",
    name: "sentiment_divergences_total",
    help: "Divergences detected between providers' sentiment (or sentiment and price), by symbol.",
    type: "counter",
    labels: [symbolLabel],
    domain: "sentiment",
    seedNames: [],
    example: "sum by (symbol) (increase({name}[1h]))",
  },
  {
    key: "sentiment_provider_weight",
    name: "sentiment_provider_weight_ratio",
    help: "Weight of a provider in the latest aggregation (0-1; the weights sum to 1).",
    type: "gauge",
    unit: "ratio",
    labels: [providerLabel],
    domain: "sentiment",
    seedNames: [],
  },
] as const satisfies readonly MetricDefinition[];
