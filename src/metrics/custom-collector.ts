/** @module A custom collector: prom-client's pattern of registering any object with `name` and `get()`. */
import type { Collectable, MetricObjectWithValues } from "./types.js";

/**
 * An object a registry serves from its `get()` at every scrape, as prom-client's registries do:
 * a hand-written metric, a proxy of another library's metrics. Its `get()` decides HELP, TYPE
 * and the values; `reset()` is called by `resetMetrics()` when present.
 *
 * @example
 * registry.registerMetric({
 *   name: "queue_depth",
 *   get: async () => ({ name: "queue_depth", help: "Jobs waiting.", type: "gauge",
 *     aggregator: "sum", values: [{ value: await queue.size(), labels: {} }] }),
 * });
 */
export interface CustomCollector {
  readonly name: string;
  get(): MetricObjectWithValues | Promise<MetricObjectWithValues>;
  reset?(): void;
}

/** Returns true when a registered object is one of our metrics (it renders itself). */
export function isCollectable(metric: Collectable | CustomCollector): metric is Collectable {
  return typeof (metric as Partial<Collectable>).renderSamples === "function";
}
