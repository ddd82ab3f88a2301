/** @module tradewatch/metrics: a Prometheus-compatible metrics core with prom-client's API. */
export { AggregatorRegistry } from "./aggregator-registry.js";
export { type AggregatorFunction, aggregatorOf, aggregators } from "./aggregators.js";
export { exponentialBuckets, linearBuckets } from "./buckets.js";
export {
  type NegotiatedExposition,
  negotiateExposition,
  OPENMETRICS_CONTENT_TYPE,
  OPENMETRICS_CONTENT_TYPE as openMetricsContentType,
  PROMETHEUS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE as prometheusContentType,
} from "./content-negotiation.js";
export { Counter, CounterChild, type CounterConfiguration } from "./counter.js";
export type { CustomCollector } from "./custom-collector.js";
export {
  collectDefaultMetrics,
  type DefaultMetricsCollection,
  type DefaultMetricsCollectorConfiguration,
} from "./default-metrics.js";
export { MetricDefinitionError, MetricValueError } from "./errors.js";
export { escapeLabelValue, formatOpenMetricsFloat, formatSampleValue } from "./format.js";
export { Gauge, GaugeChild, type GaugeConfiguration } from "./gauge.js";
export {
  DEFAULT_BUCKETS,
  Histogram,
  HistogramChild,
  type HistogramConfiguration,
} from "./histogram.js";
export { Metric } from "./metric.js";
export { PushError } from "./push-error.js";
export {
  Pushgateway,
  type PushgatewayOptions,
  type PushgatewayParameters,
  type PushgatewayResponse,
} from "./pushgateway.js";
export { groupingPath } from "./pushgateway-grouping-path.js";
export {
  COLLECTOR_ERRORS_METRIC,
  contentType,
  DROPPED_LABEL_SETS_METRIC,
  type ForeignMetricObject,
  type PromClientRegistryLike,
  Registry,
  register,
} from "./registry.js";
export {
  DEFAULT_PERCENTILES,
  Summary,
  SummaryChild,
  type SummaryConfiguration,
} from "./summary.js";
export {
  type Aggregator,
  type Collectable,
  DEFAULT_MAX_LABEL_VALUE_BYTES,
  DEFAULT_MAX_SERIES,
  type ExpositionFormat,
  type LabelValue,
  type LabelValues,
  type MetricConfiguration,
  type MetricObjectWithValues,
  type MetricType,
  type MetricValue,
  OVERFLOW_LABEL_VALUE,
} from "./types.js";
export {
  assertValidMetricName,
  isValidLabelName,
  isValidMetricName,
  validateMetricName,
} from "./validation.js";
