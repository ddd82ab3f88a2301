/** @module Looks catalog metrics up by short key, by name, or by full (namespaced) name. */

import { TradewatchError } from "../errors.js";
import { catalog } from "./catalog.js";
import { DEFAULT_NAMESPACE, normalizeNamespace } from "./namespace.js";
import type { MetricDefinition } from "./types.js";

const byKey = new Map<string, MetricDefinition>(catalog.map((metric) => [metric.key, metric]));
const byName = new Map<string, MetricDefinition>(catalog.map((metric) => [metric.name, metric]));

/** Returns the metric with this short key (`"cycles"`), or undefined. */
export function findMetricByKey(key: string): MetricDefinition | undefined {
  return byKey.get(key);
}

/**
 * Returns the metric with this name: the name without namespace (`cycles_total`), or the
 * full name under `namespace` (`tradewatch_cycles_total`). Undefined when none matches.
 */
export function findMetricByName(
  name: string,
  namespace: string = DEFAULT_NAMESPACE,
): MetricDefinition | undefined {
  const prefix = normalizeNamespace(namespace);
  if (prefix !== "" && name.startsWith(`${prefix}_`)) {
    const found = byName.get(name.slice(prefix.length + 1));
    if (found !== undefined) return found;
  }
  return byName.get(name);
}

/** Returns the metric with this short key, or throws ERR_METRIC_NOT_FOUND. */
export function getMetricByKey(key: string): MetricDefinition {
  const metric = byKey.get(key);
  if (metric === undefined) {
    throw new TradewatchError("ERR_METRIC_NOT_FOUND", `Unknown catalog metric key "${key}"`);
  }
  return metric;
}
