/** @module Counter: a value that only goes up, reset to zero when the process restarts. */
import { MetricValueError } from "./errors.js";
import { createExemplar, type Exemplar, type ExemplarRecord } from "./exemplar.js";
import { assertExemplarRegistries } from "./exemplar-registries.js";
import type { ExpositionWriter } from "./exposition-writer.js";
import { chunkOf, positionInChunk, type SeriesHandle, SingleValueMetric } from "./metric.js";
import type { LabelValues, MetricConfiguration, MetricValue } from "./types.js";

/** Counter options: prom-client's, plus `unit` and `maxSeries`. */
export interface CounterConfiguration<T extends string> extends MetricConfiguration<T> {
  /** `inc()` takes prom-client's object form `{ labels, value, exemplarLabels }`. */
  enableExemplars?: boolean;
}

function invalidIncrement(metric: string, value: unknown): MetricValueError {
  return typeof value === "number" && value < 0
    ? new MetricValueError(
        "ERR_NEGATIVE_INCREMENT",
        metric,
        `Invalid increment ${value} for counter "${metric}": counters only go up; use a Gauge for values that go down`,
      )
    : new MetricValueError(
        "ERR_INVALID_VALUE",
        metric,
        `Invalid increment ${String(value)} for counter "${metric}": must be a finite, non-negative number`,
      );
}

/** A bound counter series: `inc()` adds to its own slot and touches nothing else. */
export class CounterChild implements SeriesHandle {
  chunk: Float64Array;
  index: number;
  private readonly metric: string;

  constructor(metric: string, chunk: Float64Array, index: number) {
    this.metric = metric;
    this.chunk = chunk;
    this.index = index;
  }

  /** Adds `value` (default 1). */
  inc(value = 1): void {
    if (!(value >= 0 && value < Number.POSITIVE_INFINITY))
      throw invalidIncrement(this.metric, value);
    this.chunk[this.index]! += value;
  }

  /** Returns the series' current value. */
  get value(): number {
    return this.chunk[this.index]! + 0; // 0 while a reset hides the series (it holds -0)
  }
}

/**
 * A Prometheus counter with prom-client's API.
 *
 * @example
 * const fills = new Counter({ name: "fills_total", help: "Fills by side.", labelNames: ["side"] });
 * fills.inc({ side: "buy" });
 * const buys = fills.labels("buy"); // bound: buys.inc() is an array-slot update
 */
export class Counter<T extends string = string> extends SingleValueMetric<T> {
  readonly enableExemplars: boolean;
  /** Per slot, the exemplar of the last increment that carried exemplar labels. */
  private exemplars: (Exemplar | undefined)[] = [];

  constructor(configuration: CounterConfiguration<T>) {
    const enableExemplars = configuration?.enableExemplars === true;
    if (enableExemplars) assertExemplarRegistries(configuration.name, configuration.registers);
    super("counter", configuration);
    this.enableExemplars = enableExemplars;
    if (enableExemplars) {
      // Chosen once: a counter without exemplars keeps the plain method, at no cost.
      this.inc = this.incWithExemplar as typeof this.inc;
    }
  }

  /**
   * Adds `value` (default 1) to the series with these labels, or to the unlabelled series. With
   * `enableExemplars`, takes `{ labels, value, exemplarLabels }` instead.
   */
  inc(labels: LabelValues<T>, value?: number): void;
  inc(value?: number): void;
  inc(record: ExemplarRecord<T>): void;
  inc(labels?: LabelValues<T> | ExemplarRecord<T> | number, value?: number): void {
    let slot = 0;
    let amount: number;
    if (typeof labels === "object") {
      slot = this.lookup(labels);
      amount = value === undefined ? 1 : value;
    } else {
      if (this.labelNames.length > 0) slot = this.lookup({});
      amount = labels === undefined ? 1 : labels;
    }
    if (!(amount >= 0 && amount < Number.POSITIVE_INFINITY))
      throw invalidIncrement(this.name, amount);
    const chunk = chunkOf(slot);
    this.chunks[chunk]![positionInChunk(slot, chunk)]! += amount;
  }

  /** Adds `value` (default 1) and keeps `exemplarLabels` as the series' exemplar. */
  incWithExemplar(record: ExemplarRecord<T> | number = {}): void {
    if (typeof record !== "object" || record === null) {
      this.incWithoutExemplar(record);
      return;
    }
    const { labels = {}, value = 1, exemplarLabels } = record;
    this.incWithoutExemplar(labels as LabelValues<T>, value);
    if (exemplarLabels === undefined) return;
    const slot = this.lookup(labels);
    this.exemplars[slot] = createExemplar(this.name, exemplarLabels, value === 0 ? 1 : value);
  }

  /** Adds `value` (default 1), never an exemplar: the plain form of {@link inc}. */
  incWithoutExemplar(labels?: LabelValues<T> | number, value?: number): void {
    (Counter.prototype.inc as (labels?: LabelValues<T> | number, value?: number) => void).call(
      this,
      labels,
      value,
    );
  }

  /** Returns the bound series for these label values (positional or one object). */
  labels(...values: [LabelValues<T>] | (string | number)[]): CounterChild {
    return this.handleFor(
      this.slotForArguments(values),
      (chunk, index) => new CounterChild(this.name, chunk, index),
    );
  }

  /** Creates the series with these labels at zero, so it is exported before its first event. */
  zero(labels: LabelValues<T>): void {
    const slot = this.lookup(labels);
    this.chunkFor(slot)[this.indexFor(slot)] = 0;
    this.reveal(slot);
  }

  protected override onReset(): void {
    this.exemplars = [];
  }

  protected override onRelease(slot: number): void {
    this.exemplars[slot] = undefined;
  }

  protected appendValues(values: MetricValue<T>[], labels: LabelValues<T>, slot: number): void {
    const exemplar = this.exemplars[slot];
    const value = this.chunkFor(slot)[this.indexFor(slot)]!;
    values.push(exemplar === undefined ? { value, labels } : { value, labels, exemplar });
  }

  protected renderSeries(writer: ExpositionWriter, labels: string, slot: number): void {
    const name =
      writer.format === "openmetrics"
        ? `${this.name.endsWith("_total") ? this.name.slice(0, -6) : this.name}_total`
        : this.name;
    writer.sampleWithExemplar(
      name,
      labels,
      this.chunkFor(slot)[this.indexFor(slot)]!,
      this.exemplars[slot],
    );
  }
}
