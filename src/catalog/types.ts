/** @module The shape of a catalog entry: one metric a trading system measures, declared once. */

/** The four Prometheus metric types the core implements. */
export type MetricType = "counter" | "gauge" | "histogram" | "summary";

/** How a label's values are kept bounded. */
export type LabelBound =
  /** A closed list of values, given in `values`. */
  | { readonly kind: "enum"; readonly values: readonly string[] }
  /** A normaliser in src/recorder maps free text into a closed list, given in `values`. */
  | { readonly kind: "normalizer"; readonly normalizer: string; readonly values: readonly string[] }
  /**
   * Configured at run time (the symbol universe, strategies, endpoints), capped by the core's
   * `maxSeries`. When the recorder is given the universe's list, any other value is recorded
   * as {@link UNIVERSE_OTHER}; without a list, values are sanitised and the cap alone bounds them.
   */
  | { readonly kind: "universe"; readonly universe: string; readonly examples: readonly string[] };

/** The value a universe label takes for a value outside the configured universe. */
export const UNIVERSE_OTHER = "other";

/** One label of a catalog metric. */
export interface LabelDefinition {
  readonly name: string;
  readonly help: string;
  readonly bound: LabelBound;
}

/** Where a seed system names a metric we implement, and how our name differs. */
export interface SeedName {
  /** The seed file number: "000", "001", "002", "003" or "004". */
  readonly seed: string;
  /** The name exactly as the seed writes it. */
  readonly name: string;
  /** Why our metric differs (unit, type, label), when it does. */
  readonly note?: string;
}

/** A metric name a seed uses that has no catalog metric of its own, and what to use instead. */
export interface UnmappedSeedName {
  /** The seed file number: "000" to "004". */
  readonly seed: string;
  /** The name exactly as the seed writes it. */
  readonly name: string;
  /** Why the catalog has no metric for it. */
  readonly reason: string;
  /** The series or PromQL expression that gives the same answer (without namespace), if any. */
  readonly instead?: string;
}

/** One metric, declared once; code, docs, dashboards, rules and the linter read it. */
export interface MetricDefinition {
  /** Short name the generic recorder API uses (`recorder.inc("ticks_received", labels)`). */
  readonly key: string;
  /** Name without the namespace prefix, e.g. `cycle_duration_seconds`. */
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Base unit (`seconds`, `bytes`, `ratio`, `usd`, ...); the name ends with it. */
  readonly unit?: string;
  readonly labels: readonly LabelDefinition[];
  /** Histogram bucket upper bounds, ascending. */
  readonly buckets?: readonly number[];
  /** Summary quantiles. */
  readonly percentiles?: readonly number[];
  /** The catalog file (domain) it belongs to: "cycle", "portfolio", "execution", ... */
  readonly domain: string;
  /** Seed names this metric implements. */
  readonly seedNames: readonly SeedName[];
  /**
   * An example PromQL query for the docs, with `{name}` standing for the full metric name
   * and `{name:key}` for another catalog metric's. Without it the docs derive one from the
   * type (rate for counters, quantile for histograms); see `exampleQuery`.
   */
  readonly example?: string;
  /**
   * Labels a seed writes on this metric that the catalog aggregates away (to bound its
   * series): the generic API (`recorder.observe(key, value, labels)`) accepts and ignores
   * them, so seed code runs as written.
   */
  readonly aggregatedLabels?: readonly string[];
}
