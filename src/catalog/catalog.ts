/** @module The full catalog: every metric of every domain, in one list. */

import { aiMetrics } from "./domains/ai.js";
import { cacheMetrics } from "./domains/cache.js";
import { cycleMetrics } from "./domains/cycle.js";
import { dataMetrics } from "./domains/data.js";
import { exchangeApiMetrics } from "./domains/exchange-api.js";
import { executionMetrics } from "./domains/execution.js";
import { httpMetrics } from "./domains/http.js";
import { performanceMetrics } from "./domains/performance.js";
import { portfolioMetrics } from "./domains/portfolio.js";
import { riskMetrics } from "./domains/risk.js";
import { rulesMetrics } from "./domains/rules.js";
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
  ...rulesMetrics,
  ...systemMetrics,
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
  "rules",
  "system",
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
