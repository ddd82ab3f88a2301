/** @module Checks on metric names, label names, buckets and quantiles, run once at definition. */
import { MetricDefinitionError, MetricValueError } from "./errors.js";
import type { MetricType } from "./types.js";

const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Returns true when `name` is a valid Prometheus metric name. */
export function isValidMetricName(name: string): boolean {
  return metricNamePattern.test(name);
}

/** Returns true when `name` is a valid, non-reserved Prometheus label name. */
export function isValidLabelName(name: string): boolean {
  return labelNamePattern.test(name) && !name.startsWith("__");
}

/**
 * Returns true when `name` is a valid Prometheus metric name, as prom-client's
 * `validateMetricName` does (it never throws).
 */
export function validateMetricName(name: unknown): boolean {
  return typeof name === "string" && metricNamePattern.test(name);
}

/** Throws unless `name` is a valid metric name (what metric constructors run). */
export function assertValidMetricName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !metricNamePattern.test(name)) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_NAME",
      String(name),
      `Invalid metric name ${JSON.stringify(name)}: must match [a-zA-Z_:][a-zA-Z0-9_:]*`,
    );
  }
}

/** Throws unless every label name is valid, unique and not reserved for this metric type. */
export function validateLabelNames(
  metric: string,
  type: MetricType,
  labelNames: readonly unknown[],
): asserts labelNames is readonly string[] {
  const seen = new Set<string>();
  for (const labelName of labelNames) {
    if (typeof labelName !== "string" || !labelNamePattern.test(labelName)) {
      throw new MetricDefinitionError(
        "ERR_INVALID_LABEL_NAME",
        metric,
        `Invalid label name ${JSON.stringify(labelName)} on metric "${metric}": must match [a-zA-Z_][a-zA-Z0-9_]*`,
      );
    }
    if (labelName.startsWith("__")) {
      throw new MetricDefinitionError(
        "ERR_RESERVED_LABEL_NAME",
        metric,
        `Invalid label name "${labelName}" on metric "${metric}": names starting with "__" are reserved for Prometheus`,
      );
    }
    if (type === "histogram" && labelName === "le") {
      throw new MetricDefinitionError(
        "ERR_RESERVED_LABEL_NAME",
        metric,
        `Invalid label name "le" on histogram "${metric}": "le" is reserved for bucket bounds`,
      );
    }
    if (type === "summary" && labelName === "quantile") {
      throw new MetricDefinitionError(
        "ERR_RESERVED_LABEL_NAME",
        metric,
        `Invalid label name "quantile" on summary "${metric}": "quantile" is reserved for quantiles`,
      );
    }
    if (seen.has(labelName)) {
      throw new MetricDefinitionError(
        "ERR_DUPLICATE_LABEL_NAME",
        metric,
        `Duplicate label name "${labelName}" on metric "${metric}"`,
      );
    }
    seen.add(labelName);
  }
}

/** Throws unless the buckets are finite numbers in strictly ascending order. */
export function validateBuckets(metric: string, buckets: readonly unknown[]): readonly number[] {
  if (buckets.length === 0) {
    throw new MetricDefinitionError(
      "ERR_INVALID_BUCKETS",
      metric,
      `Invalid buckets for histogram "${metric}": at least one bucket bound is needed`,
    );
  }
  let previous = Number.NEGATIVE_INFINITY;
  const bounds: number[] = [];
  for (const [index, bound] of buckets.entries()) {
    if (typeof bound !== "number" || !Number.isFinite(bound)) {
      throw new MetricDefinitionError(
        "ERR_INVALID_BUCKETS",
        metric,
        `Invalid bucket ${JSON.stringify(bound === undefined ? "undefined" : bound)} at index ${index} of histogram "${metric}": must be a finite number (+Inf is always added)`,
      );
    }
    if (bound <= previous) {
      throw new MetricDefinitionError(
        "ERR_INVALID_BUCKETS",
        metric,
        `Invalid buckets for histogram "${metric}": ${bound} at index ${index} was not greater than ${previous}; bounds must be strictly ascending`,
      );
    }
    previous = bound;
    bounds.push(bound);
  }
  return bounds;
}

/** Throws unless every percentile is a number in [0, 1]. */
export function validatePercentiles(
  metric: string,
  percentiles: readonly unknown[],
): readonly number[] {
  const result: number[] = [];
  for (const percentile of percentiles) {
    if (typeof percentile !== "number" || !(percentile >= 0 && percentile <= 1)) {
      throw new MetricDefinitionError(
        "ERR_INVALID_PERCENTILES",
        metric,
        `Invalid percentile ${JSON.stringify(percentile)} on summary "${metric}": must be a number from 0 to 1`,
      );
    }
    result.push(percentile);
  }
  return [...result].sort((a, b) => a - b);
}

/** Throws unless `help` is a non-empty string. */
export function validateHelp(metric: string, help: unknown): asserts help is string {
  if (typeof help !== "string" || help.length === 0) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      metric,
      `Invalid help for metric "${metric}": was ${JSON.stringify(help)}, must be a non-empty string`,
    );
  }
}

/** Throws unless the metric's name ends with its declared unit, as OpenMetrics requires. */
export function validateUnit(metric: string, type: MetricType, unit: unknown): void {
  if (unit === undefined) return;
  if (typeof unit !== "string" || !/^[a-zA-Z0-9_]+$/.test(unit)) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      metric,
      `Invalid unit ${JSON.stringify(unit)} on metric "${metric}": must match [a-zA-Z0-9_]+`,
    );
  }
  const family = type === "counter" && metric.endsWith("_total") ? metric.slice(0, -6) : metric;
  if (!family.endsWith(`_${unit}`)) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      metric,
      `Invalid unit "${unit}" on metric "${metric}": the name must end with "_${unit}"${type === "counter" ? ' (before "_total")' : ""}`,
    );
  }
}

/**
 * Throws unless a label value is at most `maxBytes` long in UTF-8 and well-formed UTF-16 (a
 * lone surrogate would print as U+FFFD and merge with other series). Runs when a label set
 * is first seen, never on the record path.
 */
export function validateLabelValue(
  metric: string,
  labelName: string,
  value: string,
  maxBytes: number,
): void {
  // A UTF-16 code unit is 1 to 3 UTF-8 bytes: measure only when the length can't decide.
  if (value.length * 3 > maxBytes) {
    const bytes = value.length > maxBytes ? value.length : Buffer.byteLength(value, "utf8");
    if (bytes > maxBytes) {
      throw new MetricValueError(
        "ERR_LABEL_VALUE_TOO_LONG",
        metric,
        `Invalid value for label "${labelName}" of metric "${metric}": was ${value.length > maxBytes ? "over " : ""}${bytes} bytes long (${JSON.stringify(value.slice(0, 24))}...), must be at most ${maxBytes} bytes (maxLabelValueBytes)`,
      );
    }
  }
  if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) {
    throw new MetricValueError(
      "ERR_INVALID_LABEL_VALUE",
      metric,
      `Invalid value for label "${labelName}" of metric "${metric}": was ${JSON.stringify(value)}, holds a lone UTF-16 surrogate; must be valid Unicode`,
    );
  }
}

/** Throws unless `maxLabelValueBytes` is a positive integer. */
export function validateMaxLabelValueBytes(metric: string, bytes: unknown): number {
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 1) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      metric,
      `Invalid maxLabelValueBytes ${JSON.stringify(bytes)} on metric "${metric}": must be a positive integer`,
    );
  }
  return bytes;
}

/** Throws unless `maxSeries` is a positive integer. */
export function validateMaxSeries(metric: string, maxSeries: unknown): number {
  if (typeof maxSeries !== "number" || !Number.isInteger(maxSeries) || maxSeries < 1) {
    throw new MetricDefinitionError(
      "ERR_INVALID_METRIC_OPTION",
      metric,
      `Invalid maxSeries ${JSON.stringify(maxSeries)} on metric "${metric}": must be a positive integer`,
    );
  }
  return maxSeries;
}
