/** @module Catalog: the feature store and its caches: hits by layer, misses, hit ratio, latencies. */

import { computeSecondsBuckets, requestSecondsBuckets } from "../buckets.js";
import { cacheOperations } from "../label-values.js";
import { cacheLayerLabel, featureLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const cacheMetrics = [
  {
    key: "cache_hits",
    name: "cache_hits_total",
    help: "Feature lookups answered from a cache layer.",
    type: "counter",
    labels: [cacheLayerLabel],
    domain: "cache",
    seedNames: [
      {
        seed: "002",
        name: "cache_hits_total",
        note: "Layer values l1/l2/l3 (seed: L1_Redis, L2_TimescaleDB).",
      },
    ],
  },
  {
    key: "cache_misses",
    name: "cache_misses_total",
    help: "Feature lookups no cache layer could answer (computed instead).",
    type: "counter",
    labels: [],
    domain: "cache",
    seedNames: [{ seed: "002", name: "cache_misses_total" }],
  },
  {
    key: "cache_hit_ratio",
    name: "cache_hit_ratio",
    help: "Share of feature lookups answered from cache over the reporting window (0-1).",
    type: "gauge",
    unit: "ratio",
    labels: [],
    domain: "cache",
    seedNames: [
      { seed: "002", name: "cache_hit_rate", note: "A ratio, named `_ratio`." },
      {
        seed: "004",
        name: "redis_cache_hit_rate",
        note: "One cache hit ratio; layers are in cache_hits_total.",
      },
    ],
    example: "{name} < 0.8",
  },
  {
    key: "cache_operation_duration",
    name: "cache_operation_duration_seconds",
    help: "Duration of one cache operation.",
    type: "histogram",
    unit: "seconds",
    labels: [
      cacheLayerLabel,
      {
        name: "operation",
        help: "Cache operation.",
        bound: { kind: "enum", values: cacheOperations },
      },
    ],
    buckets: requestSecondsBuckets,
    domain: "cache",
    seedNames: [
      { seed: "004", name: "redis_latency_seconds", note: "Any layer; Redis is a layer value." },
    ],
  },
  {
    key: "feature_calculation_duration",
    name: "feature_calculation_duration_seconds",
    help: "Time to calculate one feature on a cache miss.",
    type: "histogram",
    unit: "seconds",
    labels: [featureLabel],
    buckets: computeSecondsBuckets,
    domain: "cache",
    seedNames: [
      {
        seed: "002",
        name: "feature_calculation_latency_seconds",
        note: "`_duration_seconds`; adds `feature`.",
      },
    ],
  },
  {
    key: "feature_store_query_duration",
    name: "feature_store_query_duration_seconds",
    help: "Total time of one feature store query, cache lookups and calculation included.",
    type: "histogram",
    unit: "seconds",
    labels: [],
    buckets: requestSecondsBuckets,
    domain: "cache",
    seedNames: [
      { seed: "002", name: "feature_store_query_latency_seconds", note: "`_duration_seconds`." },
    ],
  },
] as const satisfies readonly MetricDefinition[];
