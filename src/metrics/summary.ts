/** @module Summary: client-side quantiles over a sliding window, with sum and count. */
import { MetricDefinitionError } from "./errors.js";
import type { ExpositionWriter } from "./exposition-writer.js";
import { formatOpenMetricsFloat, formatSampleValue } from "./format.js";
import { invalidObservation } from "./histogram.js";
import { Metric, type SeriesHandle } from "./metric.js";
import { TDigest } from "./summary/t-digest.js";
import { TimeWindowQuantiles } from "./summary/time-window-quantiles.js";
import { labelledSecondsTimer, secondsTimer } from "./timer.js";
import type { LabelValues, MetricConfiguration, MetricValue } from "./types.js";
import { validatePercentiles } from "./validation.js";

/** prom-client's default percentiles. */
export const DEFAULT_PERCENTILES: readonly number[] = Object.freeze([
  0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999,
]);

/** Summary options: prom-client's, plus `unit` and `maxSeries`. */
export interface SummaryConfiguration<T extends string> extends MetricConfiguration<T> {
  /** Quantiles to report, each in [0, 1]. */
  percentiles?: readonly number[];
  /** Report quantiles over the last `maxAgeSeconds` only (with `ageBuckets`). */
  maxAgeSeconds?: number;
  /** How many buckets the window rotates through (default 5 when `maxAgeSeconds` is set). */
  ageBuckets?: number;
  /** Leave out a series whose window holds no observation (prom-client's option). */
  pruneAgedBuckets?: boolean;
}

interface QuantileEstimator {
  readonly count: number;
  push(value: number): void;
  percentile(q: number): number;
  reset(): void;
}

/** A bound summary series. */
export class SummaryChild implements SeriesHandle {
  chunk: Float64Array;
  index: number;
  private readonly estimator: QuantileEstimator;
  private readonly metric: string;

  constructor(metric: string, estimator: QuantileEstimator, chunk: Float64Array, index: number) {
    this.metric = metric;
    this.estimator = estimator;
    this.chunk = chunk;
    this.index = index;
  }

  /** Records one observation. */
  observe(value: number): void {
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw invalidObservation(this.metric, value);
    }
    this.chunk[this.index]! += value;
    this.chunk[this.index + 1]! += 1;
    this.estimator.push(value);
  }

  /** Starts a timer; the returned function observes the elapsed seconds and returns them. */
  startTimer(): () => number {
    return secondsTimer((seconds) => this.observe(seconds));
  }
}

/**
 * A Prometheus summary with prom-client's API. Its quantiles can't be aggregated across
 * series or instances: for latencies you will query across bots, use a Histogram.
 */
export class Summary<T extends string = string> extends Metric<T> {
  readonly percentiles: readonly number[];
  readonly maxAgeSeconds: number | undefined;
  readonly ageBuckets: number;
  readonly pruneAgedBuckets: boolean;
  private estimators: (QuantileEstimator | undefined)[] = [];
  private readonly prometheusQuantiles: readonly string[];
  private readonly openMetricsQuantiles: readonly string[];

  constructor(configuration: SummaryConfiguration<T>) {
    const percentiles = validatePercentiles(
      String(configuration?.name),
      configuration?.percentiles ?? DEFAULT_PERCENTILES,
    );
    super("summary", configuration, 2, "keep-all");
    const { maxAgeSeconds, ageBuckets } = configuration;
    if (maxAgeSeconds !== undefined && !(maxAgeSeconds > 0 && Number.isFinite(maxAgeSeconds))) {
      throw new MetricDefinitionError(
        "ERR_INVALID_METRIC_OPTION",
        this.name,
        `Invalid maxAgeSeconds ${String(maxAgeSeconds)} on summary "${this.name}": must be a positive number`,
      );
    }
    if (ageBuckets !== undefined && !(Number.isInteger(ageBuckets) && ageBuckets > 0)) {
      throw new MetricDefinitionError(
        "ERR_INVALID_METRIC_OPTION",
        this.name,
        `Invalid ageBuckets ${String(ageBuckets)} on summary "${this.name}": must be a positive integer`,
      );
    }
    this.percentiles = Object.freeze(percentiles);
    this.maxAgeSeconds = maxAgeSeconds;
    this.ageBuckets = ageBuckets ?? 5;
    this.pruneAgedBuckets = configuration.pruneAgedBuckets === true;
    this.prometheusQuantiles = percentiles.map((q) => `quantile="${formatSampleValue(q)}"`);
    this.openMetricsQuantiles = percentiles.map((q) => `quantile="${formatOpenMetricsFloat(q)}"`);
  }

  /** Records one observation in the series with these labels, or in the unlabelled series. */
  observe(labels: LabelValues<T> | number, value?: number): void {
    if (typeof labels === "object") this.labels(labels).observe(value as number);
    else this.labels(...(this.labelNames.length === 0 ? [] : [{}])).observe(labels);
  }

  /** Starts a timer; the returned function observes the elapsed seconds and returns them. */
  startTimer(labels?: LabelValues<T>): (endLabels?: LabelValues<T>) => number {
    return labelledSecondsTimer(labels, (merged, seconds) => {
      if (merged === undefined) this.observe(seconds);
      else this.observe(merged, seconds);
    });
  }

  /** Returns the bound series for these label values (positional or one object). */
  labels(...values: [LabelValues<T>] | (string | number)[]): SummaryChild {
    const slot =
      values.length === 0 && this.labelNames.length === 0 ? 0 : this.slotForArguments(values);
    return this.handleFor(
      slot,
      (chunk, index) => new SummaryChild(this.name, this.estimatorFor(slot), chunk, index),
    );
  }

  /** Creates the series with these labels, empty. */
  zero(labels: LabelValues<T>): void {
    this.labels(labels);
  }

  protected isEmpty(slot: number): boolean {
    return this.chunkFor(slot)[this.indexFor(slot) + 1] === 0;
  }

  protected override skips(slot: number): boolean {
    if (this.pruneAgedBuckets && this.estimatorFor(slot).count === 0) return true;
    return super.skips(slot);
  }

  protected override onReset(): void {
    for (const estimator of this.estimators) estimator?.reset();
  }

  protected override onRelease(slot: number): void {
    this.estimators[slot] = undefined;
  }

  private estimatorFor(slot: number): QuantileEstimator {
    let estimator = this.estimators[slot];
    if (estimator === undefined) {
      estimator =
        this.maxAgeSeconds === undefined
          ? new TDigest()
          : new TimeWindowQuantiles(this.maxAgeSeconds, this.ageBuckets);
      this.estimators[slot] = estimator;
    }
    return estimator;
  }

  protected appendValues(values: MetricValue<T>[], labels: LabelValues<T>, slot: number): void {
    const estimator = this.estimatorFor(slot);
    for (const q of this.percentiles) {
      values.push({
        value: estimator.percentile(q),
        labels: { ...labels, quantile: q } as LabelValues<T>,
      });
    }
    const chunk = this.chunkFor(slot);
    const index = this.indexFor(slot);
    values.push({ value: chunk[index]!, labels, metricName: `${this.name}_sum` });
    values.push({ value: chunk[index + 1]!, labels, metricName: `${this.name}_count` });
  }

  protected renderSeries(writer: ExpositionWriter, labels: string, slot: number): void {
    const estimator = this.estimatorFor(slot);
    const quantiles =
      writer.format === "openmetrics" ? this.openMetricsQuantiles : this.prometheusQuantiles;
    const separator = labels.length === 0 ? "" : `${labels},`;
    for (let index = 0; index < quantiles.length; index++) {
      writer.sample(
        this.name,
        separator + quantiles[index],
        estimator.percentile(this.percentiles[index]!),
      );
    }
    const chunk = this.chunkFor(slot);
    const index = this.indexFor(slot);
    writer.sample(`${this.name}_sum`, labels, chunk[index]!);
    writer.sample(`${this.name}_count`, labels, chunk[index + 1]!);
  }
}
