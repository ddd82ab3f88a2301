/** @module The index of every series name a PromQL expression may select: catalog families expanded into their series, Prometheus's own and recorded ones. */
import type { LabelBound, MetricDefinition } from "../../catalog/types.js";
import type { SampleKind, SeriesEntry } from "../types.js";

/** How the index is built. */
export interface SeriesIndexOptions {
  /** Prefix prepended to every catalog name, with its trailing underscore (e.g. `tradewatch_`); empty by default. */
  readonly namespace?: string | undefined;
  /** Labels every scraped series may carry besides its own: `job`, `instance` and the constant labels. */
  readonly targetLabels?: readonly string[] | undefined;
  /** Adds the series Prometheus and the Pushgateway create themselves (`up`, `ALERTS`, `push_time_seconds`, ...); true by default. */
  readonly synthetic?: boolean | undefined;
}

/** The labels Prometheus attaches to every scraped series. */
export const defaultTargetLabels: readonly string[] = ["job", "instance"];

const noLabels: ReadonlyMap<string, LabelBound | undefined> = new Map();

function labelMap(definition: MetricDefinition): Map<string, LabelBound | undefined> {
  return new Map(definition.labels.map((label) => [label.name, label.bound]));
}

/** Returns the series a catalog metric exposes, with what each carries. */
export function seriesOfDefinition(definition: MetricDefinition, namespace = ""): SeriesEntry[] {
  const family = `${namespace}${definition.name}`;
  const labels = labelMap(definition);
  const unit = definition.unit;
  const finite = (definition.buckets ?? []).filter((bound) => Number.isFinite(bound));
  const maxBucket = finite.length === 0 ? undefined : Math.max(...finite);
  const entry = (series: string, kind: SampleKind, extra?: [string, LabelBound | undefined]) => {
    const map = new Map(labels);
    if (extra !== undefined) map.set(extra[0], extra[1]);
    return {
      series,
      family,
      familyType: definition.type,
      kind,
      rated: false,
      labels: map,
      unit,
      maxBucket,
    };
  };
  switch (definition.type) {
    case "counter":
      return [entry(family.endsWith("_total") ? family : `${family}_total`, "counter")];
    case "gauge":
      return [entry(family, "gauge")];
    case "histogram":
      return [
        entry(`${family}_bucket`, "histogram-bucket", ["le", undefined]),
        entry(`${family}_sum`, "histogram-sum"),
        entry(`${family}_count`, "histogram-count"),
      ];
    case "summary":
      return [
        entry(family, "summary-quantile", [
          "quantile",
          {
            kind: "enum",
            values: (definition.percentiles ?? [0.5, 0.9, 0.99]).map((quantile) =>
              String(quantile),
            ),
          },
        ]),
        entry(`${family}_sum`, "summary-sum"),
        entry(`${family}_count`, "summary-count"),
      ];
  }
}

function synthetic(series: string, kind: SampleKind, labels: readonly string[] = []): SeriesEntry {
  return {
    series,
    family: series,
    familyType: "synthetic",
    kind,
    rated: false,
    labels: labels.length === 0 ? noLabels : new Map(labels.map((name) => [name, undefined])),
  };
}

/** Series that exist without any catalog: Prometheus's per-target and alert series, the Pushgateway's, and the Alertmanager's the bundle alerts on. */
const syntheticSeries: readonly SeriesEntry[] = [
  synthetic("up", "gauge"),
  synthetic("scrape_duration_seconds", "gauge"),
  synthetic("scrape_samples_scraped", "gauge"),
  synthetic("scrape_samples_post_metric_relabeling", "gauge"),
  synthetic("scrape_series_added", "gauge"),
  synthetic("ALERTS", "gauge", ["alertname", "alertstate", "severity"]),
  synthetic("ALERTS_FOR_STATE", "gauge", ["alertname", "severity"]),
  synthetic("push_time_seconds", "gauge"),
  synthetic("push_failure_time_seconds", "gauge"),
  synthetic("alertmanager_notifications_total", "counter", ["integration"]),
  synthetic("alertmanager_notifications_failed_total", "counter", ["integration", "reason"]),
];

/**
 * Every series name the linter accepts, with its kind and labels. Built from the catalog;
 * recording rules add their outputs with {@link SeriesIndex.addRecorded}.
 */
export class SeriesIndex {
  readonly #series = new Map<string, SeriesEntry>();
  readonly #families = new Map<string, MetricDefinition>();
  readonly targetLabels: ReadonlySet<string>;
  readonly namespace: string;

  constructor(definitions: readonly MetricDefinition[], options: SeriesIndexOptions = {}) {
    this.namespace = options.namespace ?? "";
    this.targetLabels = new Set([...defaultTargetLabels, ...(options.targetLabels ?? [])]);
    if (options.synthetic !== false) {
      for (const entry of syntheticSeries) this.#series.set(entry.series, entry);
    }
    for (const definition of definitions) {
      this.#families.set(`${this.namespace}${definition.name}`, definition);
      for (const entry of seriesOfDefinition(definition, this.namespace)) {
        this.#series.set(entry.series, entry);
      }
    }
  }

  /** Returns the series with this exact name, if any. */
  lookup(series: string): SeriesEntry | undefined {
    return this.#series.get(series);
  }

  /** Returns the catalog metric whose family name this is (e.g. a histogram's name without `_bucket`). */
  family(name: string): MetricDefinition | undefined {
    return this.#families.get(name);
  }

  /** Registers a recording rule's output so that later expressions may select it. */
  addRecorded(entry: SeriesEntry): void {
    this.#series.set(entry.series, entry);
  }

  /** Every known series name. */
  names(): string[] {
    return [...this.#series.keys()];
  }

  /** Returns the known series name closest to `name` (edit distance), if one is close enough to be a likely typo or rename. */
  suggest(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Math.max(3, Math.floor(name.length / 3)) + 1;
    for (const candidate of this.#series.keys()) {
      const distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
