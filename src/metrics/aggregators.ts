/** @module How metric objects from several registries (cluster workers) merge into one, as prom-client's `aggregators`. */
import type { Aggregator, MetricObjectWithValues, MetricValue } from "./types.js";

/** Merges the same metric from several registries into one object, or undefined to omit it. */
export type AggregatorFunction = (
  metrics: readonly MetricObjectWithValues[],
) => MetricObjectWithValues | undefined;

/**
 * Returns an aggregator that groups the values of the given metric objects by sample name and
 * label set (label order does not matter) and applies `combine` to each group's values.
 *
 * @example
 * const median = aggregatorOf((values) => values.map((v) => v.value).sort((a, b) => a - b)[values.length >> 1]!);
 */
export function aggregatorOf(
  combine: (values: readonly MetricValue[]) => number,
): AggregatorFunction {
  return (metrics) => {
    const first = metrics[0];
    if (first === undefined) return undefined;
    const groups = new Map<string, MetricValue[]>();
    for (const metric of metrics) {
      for (const value of metric.values) {
        const key = `${value.metricName}\u0000${labelKey(value.labels)}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [value]);
        else group.push(value);
      }
    }
    const result: MetricObjectWithValues = {
      help: first.help,
      name: first.name,
      type: first.type,
      values: [],
      aggregator: first.aggregator,
    };
    for (const values of groups.values()) {
      const head = values[0]!;
      const value: MetricValue = { value: combine(values), labels: head.labels };
      if (head.metricName) value.metricName = head.metricName;
      result.values.push(value);
    }
    return result;
  };
}

/** A label set as a key independent of the order of its names. */
function labelKey(labels: object): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/**
 * The aggregators a metric's `aggregator` option names: `sum` (the default), `first`, `min`,
 * `max`, `average` and `omit` (leaves the metric out), as in prom-client.
 */
export const aggregators: Readonly<Record<Aggregator, AggregatorFunction>> = Object.freeze({
  sum: aggregatorOf((values) => values.reduce((total, value) => total + value.value, 0)),
  first: aggregatorOf((values) => values[0]!.value),
  omit: () => undefined,
  average: aggregatorOf(
    (values) => values.reduce((total, value) => total + value.value, 0) / values.length,
  ),
  min: aggregatorOf((values) =>
    values.reduce((least, value) => Math.min(least, value.value), Number.POSITIVE_INFINITY),
  ),
  max: aggregatorOf((values) =>
    values.reduce((most, value) => Math.max(most, value.value), Number.NEGATIVE_INFINITY),
  ),
});
