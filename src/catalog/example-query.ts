/** @module Returns a metric's example PromQL query, with every metric name under the namespace. */

import { catalog } from "./catalog.js";
import { DEFAULT_NAMESPACE, fullMetricName } from "./namespace.js";
import type { MetricDefinition } from "./types.js";

const names = new Map<string, string>(catalog.map((metric) => [metric.key, metric.name]));

/**
 * Returns the metric's example query: its own `example` with `{name}` (and `{name:key}`)
 * replaced by full metric names, or one derived from its type: the per-second rate of a
 * counter, the 95th percentile of a histogram, the value of a gauge.
 *
 * @example
 * exampleQuery(getMetricByKey("cycle_duration"));
 * // histogram_quantile(0.95, sum by (le) (rate(tradewatch_cycle_duration_seconds_bucket[5m])))
 */
export function exampleQuery(
  metric: MetricDefinition,
  namespace: string = DEFAULT_NAMESPACE,
): string {
  const full = fullMetricName(metric, namespace);
  if (metric.example !== undefined) {
    return metric.example.replace(/\{name(?::([a-z0-9_]+))?\}/g, (_match, key?: string) => {
      if (key === undefined) return full;
      const other = names.get(key);
      if (other === undefined)
        throw new Error(`Example of "${metric.name}" names unknown key "${key}"`);
      return fullMetricName(other, namespace);
    });
  }
  const first = metric.labels[0]?.name;
  switch (metric.type) {
    case "counter":
      return first === undefined
        ? `sum(rate(${full}[5m]))`
        : `sum by (${first}) (rate(${full}[5m]))`;
    case "histogram":
      return `histogram_quantile(0.95, sum by (${first === undefined ? "le" : `le, ${first}`}) (rate(${full}_bucket[5m])))`;
    default:
      return full;
  }
}
