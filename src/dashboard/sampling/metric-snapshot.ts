/** @module One registry sample indexed by metric name, with PromQL-like sum/max and bucket sums. */
import type {
  CounterName,
  GaugeName,
  HistogramName,
  LabelNameOf,
  MetricName,
} from "../../catalog/catalog.js";
import { fullMetricName } from "../../catalog/namespace.js";
import type { MetricObjectWithValues, MetricValue, Registry } from "../../metrics/index.js";
import type { CumulativeBucket } from "./histogram-quantile.js";

/** How the values of several matching series combine. */
export type Aggregation = "sum" | "max";

/** Label values a series of the catalog metric `N` must have to match, by its label names. */
export type LabelMatch<N extends MetricName = MetricName> = Readonly<
  Partial<Record<LabelNameOf<N>, string>>
>;

/** A counter or gauge: a metric whose series carry one value each. */
export type ValueName = CounterName | GaugeName;

const noValues: readonly MetricValue[] = [];

/**
 * The metric objects of one `registry.getMetricsAsJSON()` call, looked up by catalog name
 * (without namespace). Names and labels are typed from the catalog's declarations, so a
 * renamed or misspelt metric or label fails the build instead of reading "no data" forever. Aggregations act like `sum(...)`/`max(...)` and `sum by (label)`
 * over the matching series, so constant labels (bot, environment, plane) fold away. A
 * metric with no matching series yields undefined: "no data", never zero.
 *
 * @example
 * const snapshot = new MetricSnapshot(await registry.getMetricsAsJSON(), "tradewatch");
 * snapshot.value("portfolio_value_usd"); // NAV, or undefined before the first update
 */
export class MetricSnapshot {
  readonly #byName = new Map<string, MetricObjectWithValues>();
  readonly #namespace: string;

  constructor(metrics: readonly MetricObjectWithValues[], namespace: string) {
    for (const metric of metrics) this.#byName.set(metric.name, metric);
    this.#namespace = namespace;
  }

  /**
   * Reads only the named metrics (catalog names, without namespace) from `registry`, each
   * with the `get()` `/metrics` renders from. Unlike `getMetricsAsJSON()` it leaves other
   * metrics' collect callbacks alone: the event-loop delay collector, for one, resets its
   * window on every collect, so a once-a-second reader would narrow what scrapes see.
   */
  static async read(
    registry: Registry,
    namespace: string,
    names: Iterable<MetricName>,
  ): Promise<MetricSnapshot> {
    const pending: Promise<MetricObjectWithValues>[] = [];
    for (const name of new Set(names)) {
      const metric = registry.getSingleMetric(fullMetricName(name, namespace));
      if (metric !== undefined) pending.push(metric.get());
    }
    return new MetricSnapshot(await Promise.all(pending), namespace);
  }

  #values(name: MetricName): readonly MetricValue[] {
    return this.#byName.get(fullMetricName(name, this.#namespace))?.values ?? noValues;
  }

  /** Combines the matching series of a counter or gauge; undefined when none matches. */
  value<N extends ValueName>(
    name: N,
    match: LabelMatch<N> = {} as LabelMatch<N>,
    aggregation: Aggregation = "sum",
  ): number | undefined {
    let result: number | undefined;
    for (const sample of this.#values(name)) {
      if (sample.metricName !== undefined || !matches(sample, match)) continue;
      result = result === undefined ? sample.value : combine(result, sample.value, aggregation);
    }
    return result;
  }

  /** Combines the matching series by the value of `label` (`sum by (label)`). */
  valuesBy<N extends ValueName>(
    name: N,
    label: LabelNameOf<N>,
    match: LabelMatch<N> = {} as LabelMatch<N>,
    aggregation: Aggregation = "sum",
  ): Map<string, number> {
    const grouped = new Map<string, number>();
    for (const sample of this.#values(name)) {
      if (sample.metricName !== undefined || !matches(sample, match)) continue;
      const group = labelOf(sample, label);
      if (group === undefined) continue;
      const previous = grouped.get(group);
      grouped.set(
        group,
        previous === undefined ? sample.value : combine(previous, sample.value, aggregation),
      );
    }
    return grouped;
  }

  /** A histogram's cumulative buckets summed over the matching series (`sum by (le)`). */
  buckets<N extends HistogramName>(
    name: N,
    match: LabelMatch<N> = {} as LabelMatch<N>,
  ): CumulativeBucket[] | undefined {
    return this.bucketsBy(name, undefined, match).get("");
  }

  /**
   * A histogram's cumulative buckets summed by `label` (`sum by (label, le)`); with
   * `label` undefined, one group keyed "".
   */
  bucketsBy<N extends HistogramName>(
    name: N,
    label: LabelNameOf<N> | undefined,
    match: LabelMatch<N> = {} as LabelMatch<N>,
  ): Map<string, CumulativeBucket[]> {
    const bucketName = `${fullMetricName(name, this.#namespace)}_bucket`;
    const grouped = new Map<string, Map<number, number>>();
    for (const sample of this.#values(name)) {
      if (sample.metricName !== bucketName || !matches(sample, match)) continue;
      const group = label === undefined ? "" : labelOf(sample, label);
      if (group === undefined) continue;
      const le = parseBound(labelOf(sample, "le"));
      if (Number.isNaN(le)) continue;
      let byBound = grouped.get(group);
      if (byBound === undefined) {
        byBound = new Map();
        grouped.set(group, byBound);
      }
      byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
    }
    const result = new Map<string, CumulativeBucket[]>();
    for (const [group, byBound] of grouped) {
      result.set(
        group,
        [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le),
      );
    }
    return result;
  }
}

function combine(a: number, b: number, aggregation: Aggregation): number {
  if (aggregation === "sum") return a + b;
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.max(a, b);
}

function labelOf(sample: MetricValue, label: string): string | undefined {
  const value = (sample.labels as Record<string, string | number | undefined>)[label];
  return value === undefined ? undefined : String(value);
}

function matches(
  sample: MetricValue,
  match: Readonly<Record<string, string | undefined>>,
): boolean {
  for (const label in match) {
    if (labelOf(sample, label) !== match[label]) return false;
  }
  return true;
}

function parseBound(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  if (text === "+Inf" || text === "Inf") return Number.POSITIVE_INFINITY;
  return Number(text);
}
