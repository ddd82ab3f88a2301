/** @module Types shared by the metric classes, the registry and the exposition formats. */

/** A label value as callers pass it; numbers are turned into their decimal string. */
export type LabelValue = string | number;

/** Label names mapped to values, the way prom-client's `inc({ side: "buy" })` takes them. */
export type LabelValues<T extends string = string> = Partial<Record<T, LabelValue>>;

/** The Prometheus metric types. */
export type MetricType = "counter" | "gauge" | "histogram" | "summary";

/** How a value is merged across cluster workers (kept for prom-client compatibility). */
export type Aggregator = "omit" | "sum" | "first" | "min" | "max" | "average";

/** The two text formats `/metrics` speaks. */
export type ExpositionFormat = "prometheus" | "openmetrics";

/** One sample of prom-client's metric object (`metric.get()`). */
export interface MetricValue<T extends string = string> {
  value: number;
  labels: LabelValues<T>;
  metricName?: string;
  /** A counter's exemplar, or a histogram bucket's (`null` when it has none), as prom-client. */
  exemplar?: import("./exemplar.js").Exemplar | null | undefined;
}

/** prom-client's metric object: what `get()` and `Registry#getMetricsAsJSON()` return. */
export interface MetricObjectWithValues<T extends string = string> {
  name: string;
  help: string;
  type: MetricType;
  aggregator: Aggregator;
  values: MetricValue<T>[];
  /** The unit declared at construction, rendered as `# UNIT` in OpenMetrics. */
  unit?: string;
}

/** Anything a registry can hold and render. */
export interface Collectable {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit: string | undefined;
  /** How many records were folded into the overflow series because `maxSeries` was reached. */
  readonly droppedLabelSets: number;
  /** Runs the `collect` callback, if any. */
  collectNow(): void | Promise<void>;
  /** Appends this metric's samples (no HELP/TYPE lines) in the given format. */
  renderSamples(writer: import("./exposition-writer.js").ExpositionWriter): Promise<void>;
  get(): Promise<MetricObjectWithValues>;
  reset(): void;
  /** Applies a registry's label-value limit unless the metric set its own. */
  limitLabelValueBytes?(bytes: number): void;
}

/** The options every metric type takes, as in prom-client, plus `unit` and `maxSeries`. */
export interface MetricConfiguration<T extends string> {
  name: string;
  help: string;
  labelNames?: readonly T[];
  /** Registries to register with; defaults to the default `register`. `[]` registers nowhere. */
  registers?: readonly import("./registry.js").Registry[];
  aggregator?: Aggregator;
  /** Base unit (`seconds`, `bytes`, `ratio`, ...). The name must end with it; OpenMetrics prints `# UNIT`. */
  unit?: string;
  /**
   * The most label sets this metric keeps as series of their own. Past it, new label sets are
   * folded into one more series, the overflow series, whose every label value is `__overflow__`,
   * and `droppedLabelSets` counts the records folded. Defaults to {@link DEFAULT_MAX_SERIES}.
   */
  maxSeries?: number;
  /**
   * The longest label value this metric accepts, in UTF-8 bytes; a longer one throws
   * `ERR_LABEL_VALUE_TOO_LONG` when its label set is first seen. Defaults to the registry's
   * setting (`setMaxLabelValueBytes`), else {@link DEFAULT_MAX_LABEL_VALUE_BYTES}.
   */
  maxLabelValueBytes?: number;
  /** Called before every scrape; update the metric from here. May be async. */
  collect?: (this: never) => void | Promise<void>;
}

/**
 * The default label-value limit: 2048 UTF-8 bytes, Mimir's and Cortex's default
 * `max_label_value_length`, so nothing we expose is refused by a remote-write store, and
 * 10,000 series (the default `maxSeries`) of one such label stay under 20 MiB.
 */
export const DEFAULT_MAX_LABEL_VALUE_BYTES = 2048;

/** The default per-metric series cap. */
export const DEFAULT_MAX_SERIES = 10_000;

/** The label value every label of the overflow series has. */
export const OVERFLOW_LABEL_VALUE = "__overflow__";
