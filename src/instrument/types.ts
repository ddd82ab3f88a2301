/** @module Shared types of the instrumentation helpers: the narrow metric views they record through. */

/** Label values keyed by label name, as the metrics core (and prom-client) accept them. */
export type LabelValues = Record<string, string | number>;

/** Anything that observes a value with labels: a Histogram or Summary of the core or of prom-client. */
export interface ObserverMetric {
  observe(labels: LabelValues, value: number): void;
}

/** Anything that counts with labels: a Counter of the core or of prom-client. */
export interface CounterMetric {
  inc(labels: LabelValues, value?: number): void;
}

/** Anything that goes up and down with labels: a Gauge of the core or of prom-client. */
export interface GaugeMetric {
  inc(labels: LabelValues, value?: number): void;
  dec(labels: LabelValues, value?: number): void;
}

/** Static labels, or labels computed from the call's arguments. */
export type LabelsOption<Args extends readonly unknown[]> =
  | LabelValues
  | ((...args: Args) => LabelValues);
