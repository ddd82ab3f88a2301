/** @module tradewatch/catalog: what a trading system measures, declared once. */

export * as buckets from "./buckets.js";
export type {
  CatalogMetric,
  CounterKey,
  CounterName,
  GaugeKey,
  GaugeName,
  HistogramKey,
  HistogramName,
  LabelNameOf,
  MetricKey,
  MetricName,
  MetricTypeOf,
} from "./catalog.js";
export { catalog, catalogDomains } from "./catalog.js";
export { exampleQuery } from "./example-query.js";
export * as labelValues from "./label-values.js";
export { constLabelDefinitions } from "./labels.js";
export { findMetricByKey, findMetricByName, getMetricByKey } from "./lookup.js";
export { DEFAULT_NAMESPACE, fullMetricName, normalizeNamespace } from "./namespace.js";
export type {
  LabelBound,
  LabelDefinition,
  MetricDefinition,
  MetricType,
  SeedName,
  UnmappedSeedName,
} from "./types.js";
export { UNIVERSE_OTHER } from "./types.js";
export { unmappedSeedNames } from "./unmapped-seed-names.js";
