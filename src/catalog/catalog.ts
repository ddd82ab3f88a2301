/** @module The full catalog: every metric of every domain, in one list. */

import { aiMetrics } from "./domains/ai.js";
import { cacheMetrics } from "./domains/cache.js";
import { cycleMetrics } from "./domains/cycle.js";
import { dataMetrics } from "./domains/data.js";
import { errorsMetrics } from "./domains/errors.js";
import { exchangeApiMetrics } from "./domains/exchange-api.js";
import { executionMetrics } from "./domains/execution.js";
import { httpMetrics } from "./domains/http.js";
import { performanceMetrics } from "./domains/performance.js";
import { portfolioMetrics } from "./domains/portfolio.js";
import { riskMetrics } from "./domains/risk.js";
import { rulesMetrics } from "./domains/rules.js";
import { sentimentMetrics } from "./domains/sentiment.js";
import { strategyMetrics } from "./domains/strategy.js";
import { systemMetrics } from "./domains/system.js";
import type { MetricDefinition } from "./types.js";

/** Every metric a trading system measures, each declared once, grouped by domain. */
export const catalog = [
  ...cycleMetrics,
  ...portfolioMetrics,
  ...executionMetrics,
  ...riskMetrics,
  ...exchangeApiMetrics,
  ...dataMetrics,
  ...strategyMetrics,
  ...aiMetrics,
  ...cacheMetrics,
  ...sentimentMetrics,
  ...rulesMetrics,
  ...systemMetrics,
  ...errorsMetrics,
  ...httpMetrics,
  ...performanceMetrics,
] as const satisfies readonly MetricDefinition[];

/** The catalog domains in the order the docs list them. */
export const catalogDomains = [
  "cycle",
  "portfolio",
  "execution",
  "risk",
  "exchange-api",
  "data",
  "strategy",
  "ai",
  "cache",
  "sentiment",
  "rules",
  "system",
  "errors",
  "http",
  "performance",
] as const;

/** One entry of the catalog, with its literal key, name and type. */
export type CatalogMetric = (typeof catalog)[number];
/** The short key of any catalog metric. */
export type MetricKey = CatalogMetric["key"];
/** Keys of counters (the generic recorder's `inc`). */
export type CounterKey = Extract<CatalogMetric, { type: "counter" }>["key"];
/** Keys of gauges (the generic recorder's `set`, `inc`, `dec`). */
export type GaugeKey = Extract<CatalogMetric, { type: "gauge" }>["key"];
/** Keys of histograms (the generic recorder's `observe`). */
export type HistogramKey = Extract<CatalogMetric, { type: "histogram" }>["key"];
/** The Prometheus type of the catalog metric with key `K`. */
export type MetricTypeOf<K extends MetricKey> = Extract<CatalogMetric, { key: K }>["type"];
/** The name (without namespace) of any catalog metric: what the registry knows it by. */
export type MetricName = CatalogMetric["name"];
/** Names of counters, which `rate()`, `increase()` and plain totals read. */
export type CounterName = Extract<CatalogMetric, { type: "counter" }>["name"];
/** Names of gauges. */
export type GaugeName = Extract<CatalogMetric, { type: "gauge" }>["name"];
/** Names of histograms, whose `_bucket` series `histogram_quantile()` reads. */
export type HistogramName = Extract<CatalogMetric, { type: "histogram" }>["name"];
/** The label names of the catalog metric named `N` (constant labels aside). */
export type LabelNameOf<N extends MetricName> = Extract<
  CatalogMetric,
  { name: N }
>["labels"][number]["name"];
