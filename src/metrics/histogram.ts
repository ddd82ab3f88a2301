/** @module Histogram: observations counted into cumulative buckets, with their sum and count. */
import { MetricValueError } from "./errors.js";
import { createExemplar, type Exemplar, type ExemplarRecord } from "./exemplar.js";
import { assertExemplarRegistries } from "./exemplar-registries.js";
import type { ExpositionWriter } from "./exposition-writer.js";
import { formatOpenMetricsFloat, formatSampleValue } from "./format.js";
import { chunkOf, Metric, positionInChunk, type SeriesHandle } from "./metric.js";
import { labelledSecondsTimer, secondsTimer } from "./timer.js";
import type { LabelValues, MetricConfiguration, MetricValue } from "./types.js";
import { validateBuckets } from "./validation.js";

/** prom-client's default buckets, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Histogram options: prom-client's, plus `unit` and `maxSeries`. */
export interface HistogramConfiguration<T extends string> extends MetricConfiguration<T> {
  /** Upper bounds, strictly ascending and finite; `+Inf` is always added. */
  buckets?: readonly number[];
  /** `observe()` takes prom-client's object form `{ labels, value, exemplarLabels }`. */
  enableExemplars?: boolean;
}

/** Up to this many bounds, a linear scan beats a binary search. */
const LINEAR_SEARCH_LIMIT = 16;

/** Returns the bucket index of `value`: the first bound it does not exceed, or the +Inf bucket. */
function binarySearch(bounds: Float64Array, value: number): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value > bounds[middle]!) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Returns the error for an observation that is not a number, or NaN. */
export function invalidObservation(metric: string, value: unknown): MetricValueError {
  return new MetricValueError(
    "ERR_INVALID_VALUE",
    metric,
    `Invalid observation ${String(value)} for "${metric}": must be a number, not NaN`,
  );
}

/**
 * A bound histogram series. Its values are laid out as one count per bucket (not cumulative,
 * so an observation writes one bucket), the +Inf bucket, then the sum; the count is the sum of
 * the bucket counts.
 */
export class HistogramChild implements SeriesHandle {
  chunk: Float64Array;
  index: number;
  private readonly bounds: Float64Array;
  private readonly metric: string;

  constructor(metric: string, bounds: Float64Array, chunk: Float64Array, index: number) {
    this.metric = metric;
    this.bounds = bounds;
    this.chunk = chunk;
    this.index = index;
  }

  /** Records one observation. */
  observe(value: number): void {
    if (typeof value !== "number" || Number.isNaN(value)) {
      throw invalidObservation(this.metric, value);
    }
    const bounds = this.bounds;
    const count = bounds.length;
    let bucket = 0;
    if (count <= LINEAR_SEARCH_LIMIT) {
      while (bucket < count && value > bounds[bucket]!) bucket++;
    } else {
      bucket = binarySearch(bounds, value);
    }
    const chunk = this.chunk;
    const index = this.index;
    chunk[index + bucket]! += 1;
    chunk[index + count + 1]! += value;
  }

  /** Starts a timer; the returned function observes the elapsed seconds and returns them. */
  startTimer(): () => number {
    return secondsTimer((seconds) => this.observe(seconds));
  }
}

/**
 * A Prometheus histogram with prom-client's API. Aggregates across series and instances, so
 * latencies belong here rather than in a Summary.
 *
 * @example
 * const stage = new Histogram({ name: "stage_duration_seconds", help: "Stage time.", labelNames: ["stage"] });
 * stage.observe({ stage: "risk" }, 0.004);
 */
export class Histogram<T extends string = string> extends Metric<T> {
  /** Upper bounds without +Inf. */
  readonly upperBounds: readonly number[];
  private readonly bounds: Float64Array;
  private readonly prometheusBounds: readonly string[];
  private readonly openMetricsBounds: readonly string[];
  readonly enableExemplars: boolean;
  /** Per slot, per bucket (+Inf last), the exemplar of the last observation it received. */
  private exemplars: ((Exemplar | undefined)[] | undefined)[] = [];

  constructor(configuration: HistogramConfiguration<T>) {
    const bounds = validateBuckets(configuration.name, configuration.buckets ?? DEFAULT_BUCKETS);
    const enableExemplars = configuration.enableExemplars === true;
    if (enableExemplars) assertExemplarRegistries(configuration.name, configuration.registers);
    super("histogram", configuration, bounds.length + 2, "keep-bound-hide-unlabelled");
    this.enableExemplars = enableExemplars;
    if (enableExemplars) {
      // Chosen once: a histogram without exemplars keeps the plain method, at no cost.
      this.observe = this.observeWithExemplar as typeof this.observe;
    }
    this.upperBounds = Object.freeze([...bounds]);
    this.bounds = Float64Array.from(bounds);
    const withInfinity = [...bounds, Number.POSITIVE_INFINITY];
    this.prometheusBounds = withInfinity.map((bound) => `le="${formatSampleValue(bound)}"`);
    this.openMetricsBounds = withInfinity.map((bound) => `le="${formatOpenMetricsFloat(bound)}"`);
  }

  /** Records one observation in the series with these labels, or in the unlabelled series. */
  observe(value: number): void;
  observe(labels: LabelValues<T>, value: number): void;
  observe(record: ExemplarRecord<T>): void;
  observe(labels: LabelValues<T> | ExemplarRecord<T> | number, value?: number): void {
    let slot = 0;
    let observation: number;
    if (typeof labels === "object") {
      slot = this.lookup(labels);
      observation = value as number;
    } else {
      if (this.labelNames.length > 0) slot = this.lookup({});
      observation = labels;
    }
    if (typeof observation !== "number" || Number.isNaN(observation)) {
      throw invalidObservation(this.name, observation);
    }
    const bounds = this.bounds;
    const count = bounds.length;
    let bucket = 0;
    if (count <= LINEAR_SEARCH_LIMIT) {
      while (bucket < count && observation > bounds[bucket]!) bucket++;
    } else {
      bucket = binarySearch(bounds, observation);
    }
    const chunkIndex = chunkOf(slot);
    const chunk = this.chunks[chunkIndex]!;
    const index = positionInChunk(slot, chunkIndex) * this.stride;
    chunk[index + bucket]! += 1;
    chunk[index + count + 1]! += observation;
  }

  /** Records one observation and keeps `exemplarLabels` as the exemplar of its bucket. */
  observeWithExemplar(record: ExemplarRecord<T> | number): void {
    if (typeof record !== "object" || record === null) {
      this.observeWithoutExemplar(record);
      return;
    }
    const { labels = {}, value, exemplarLabels } = record;
    this.observeWithoutExemplar(labels as LabelValues<T>, value);
    if (exemplarLabels === undefined || Object.keys(exemplarLabels).length === 0) return;
    const slot = this.lookup(labels);
    const bounds = this.bounds;
    let bucket = 0;
    while (bucket < bounds.length && (value as number) > bounds[bucket]!) bucket++;
    let perBucket = this.exemplars[slot];
    if (perBucket === undefined) {
      perBucket = new Array<Exemplar | undefined>(bounds.length + 1).fill(undefined);
      this.exemplars[slot] = perBucket;
    }
    perBucket[bucket] = createExemplar(this.name, exemplarLabels, value as number);
  }

  /** Records one observation, never an exemplar: the plain form of {@link observe}. */
  observeWithoutExemplar(labels: LabelValues<T> | number, value?: number): void {
    (Histogram.prototype.observe as (labels: LabelValues<T> | number, value?: number) => void).call(
      this,
      labels,
      value,
    );
  }

  /**
   * Starts a timer; the returned function observes the elapsed seconds and returns them. With
   * exemplars, `exemplarLabels` given here and at the end become the observation's exemplar.
   */
  startTimer(
    labels?: LabelValues<T>,
    exemplarLabels?: LabelValues,
  ): (endLabels?: LabelValues<T>, endExemplarLabels?: LabelValues) => number {
    if (this.enableExemplars) {
      const start = process.hrtime.bigint();
      return (endLabels, endExemplarLabels) => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        this.observeWithExemplar({
          labels: { ...labels, ...endLabels } as LabelValues<T>,
          value: seconds,
          exemplarLabels: { ...exemplarLabels, ...endExemplarLabels },
        });
        return seconds;
      };
    }
    return labelledSecondsTimer(labels, (merged, seconds) => {
      if (merged === undefined) this.observe(seconds);
      else this.observe(merged, seconds);
    });
  }

  /** Returns the bound series for these label values (positional or one object). */
  labels(...values: [LabelValues<T>] | (string | number)[]): HistogramChild {
    return this.handleFor(
      this.slotForArguments(values),
      (chunk, index) => new HistogramChild(this.name, this.bounds, chunk, index),
    );
  }

  /** Creates the series with these labels with empty buckets. */
  zero(labels: LabelValues<T>): void {
    const slot = this.lookup(labels);
    const index = this.indexFor(slot);
    this.chunkFor(slot).fill(0, index, index + this.stride);
    this.exemplars[slot] = undefined;
    this.reveal(slot);
  }

  protected isEmpty(slot: number): boolean {
    const chunk = this.chunkFor(slot);
    const index = this.indexFor(slot);
    for (let bucket = 0; bucket <= this.bounds.length; bucket++) {
      if (chunk[index + bucket] !== 0) return false;
    }
    return true;
  }

  protected override onReset(): void {
    this.exemplars = [];
  }

  protected override onRelease(slot: number): void {
    this.exemplars[slot] = undefined;
  }

  protected appendValues(values: MetricValue<T>[], labels: LabelValues<T>, slot: number): void {
    const chunk = this.chunkFor(slot);
    const index = this.indexFor(slot);
    const exemplars = this.exemplars[slot];
    let cumulative = 0;
    for (let bucket = 0; bucket <= this.bounds.length; bucket++) {
      cumulative += chunk[index + bucket]!;
      const le = bucket < this.bounds.length ? this.bounds[bucket]! : "+Inf";
      values.push({
        value: cumulative,
        labels: { ...labels, le } as LabelValues<T>,
        metricName: `${this.name}_bucket`,
        // As prom-client: null without one, except +Inf on a histogram with exemplars (undefined).
        exemplar:
          exemplars?.[bucket] ??
          (this.enableExemplars && bucket === this.bounds.length ? undefined : null),
      });
    }
    values.push({
      value: chunk[index + this.bounds.length + 1]!,
      labels,
      metricName: `${this.name}_sum`,
    });
    values.push({ value: cumulative, labels, metricName: `${this.name}_count` });
  }

  protected renderSeries(writer: ExpositionWriter, labels: string, slot: number): void {
    const chunk = this.chunkFor(slot);
    const index = this.indexFor(slot);
    const bounds = writer.format === "openmetrics" ? this.openMetricsBounds : this.prometheusBounds;
    const bucketName = `${this.name}_bucket`;
    const separator = labels.length === 0 ? "" : `${labels},`;
    const exemplars = this.exemplars[slot];
    let cumulative = 0;
    for (let bucket = 0; bucket < bounds.length; bucket++) {
      cumulative += chunk[index + bucket]!;
      if (exemplars === undefined)
        writer.sample(bucketName, separator + bounds[bucket], cumulative);
      else
        writer.sampleWithExemplar(
          bucketName,
          separator + bounds[bucket],
          cumulative,
          exemplars[bucket],
        );
    }
    writer.sample(`${this.name}_sum`, labels, chunk[index + this.bounds.length + 1]!);
    writer.sample(`${this.name}_count`, labels, cumulative);
  }
}
