/** @module Shared types of the operations bundle: lint findings and the series index the linter checks against. */
import type { LabelBound, MetricType } from "../catalog/types.js";

/** One problem the linter found, located in a file and an expression. */
export interface Finding {
  /** The file the expression came from, or `<expr>` for a bare expression. */
  readonly file: string;
  /** Where in the file: `group "trading" rule "HighExposure"`, `dashboard "Trading" panel "Exposure"`. */
  readonly location: string;
  /** The PromQL expression, when the finding is about one. */
  readonly expr?: string | undefined;
  /** A stable short code, e.g. `unknown-metric`, `rate-on-gauge`. */
  readonly code: string;
  /** What is wrong and why, naming the thing and the value. */
  readonly message: string;
}

/** What kind of samples a series carries, which decides what PromQL may do with it. */
export type SampleKind =
  | "counter"
  | "gauge"
  | "histogram-bucket"
  | "histogram-sum"
  | "histogram-count"
  | "summary-quantile"
  | "summary-sum"
  | "summary-count"
  | "derived";

/** One series name the linter knows: from the catalog, from Prometheus itself, or from a recording rule. */
export interface SeriesEntry {
  /** The exact series name as scraped or recorded. */
  readonly series: string;
  /** The metric family it belongs to (the catalog name with its namespace). */
  readonly family: string;
  readonly familyType: MetricType | "recorded" | "synthetic";
  readonly kind: SampleKind;
  /** True when the values are already per-second rates or increases (recorded from rate/increase). */
  readonly rated: boolean;
  /** Label names the series carries, besides the target labels. */
  readonly labels: ReadonlyMap<string, LabelBound | undefined>;
  /** The metric's unit (`seconds`, `ratio`, ...), when known. */
  readonly unit?: string | undefined;
}
