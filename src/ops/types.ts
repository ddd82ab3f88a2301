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
  /** For histogram series: the highest finite bucket bound, the largest value histogram_quantile can return. */
  readonly maxBucket?: number | undefined;
  /** For series recorded from histogram_quantile: the largest value they can take. */
  readonly quantileCeiling?: number | undefined;
}

/** One file of the generated operations bundle. */
export interface GeneratedFile {
  /** Path relative to the bundle root (`deploy/`), with forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** Where the bot's planes serve their own `/metrics` (seed 003 runs one exporter per plane). */
export interface PlaneTargets {
  readonly data: string;
  readonly order: string;
  readonly strategy: string;
}

/** Where everything listens and what the bundle is called; `ops generate` uses {@link defaultBundleOptions}. */
export interface BundleOptions {
  /** The catalog's metric namespace (`tradewatch`), joined to names with an underscore; empty for none. */
  readonly namespace: string;
  /** The Prometheus job name of the bot. */
  readonly job: string;
  /** The bot's combined `/metrics` endpoint (host:port). */
  readonly botTarget: string;
  /** The per-plane endpoints, scraped by a job of their own. */
  readonly planeTargets: PlaneTargets;
  readonly pushgatewayTarget: string;
  readonly alertmanagerTarget: string;
  readonly prometheusTarget: string;
  readonly grafanaPort: number;
  /** Scrape and rule evaluation interval, e.g. `15s`. */
  readonly scrapeInterval: string;
  /** The webhook receiver's URL (not a secret: a local relay; tokens go in `credentials_file`). */
  readonly webhookUrl: string;
  /** Sender and recipient of alert e-mail, and the SMTP relay. */
  readonly email: { readonly from: string; readonly to: string; readonly smarthost: string };
  /** The Slack channel for warnings and critical alerts. */
  readonly slackChannel: string;
  /** Base URL of the runbook pages linked from every alert. */
  readonly runbookBaseUrl: string;
}
