/** @module Gauge: a value that goes up and down, set to what is true now. */
import { MetricValueError } from "./errors.js";
import type { ExpositionWriter } from "./exposition-writer.js";
import { chunkOf, positionInChunk, type SeriesHandle, SingleValueMetric } from "./metric.js";
import { labelledSecondsTimer, secondsTimer } from "./timer.js";
import type { LabelValues, MetricConfiguration, MetricValue } from "./types.js";

/** Gauge options: prom-client's, plus `unit` and `maxSeries`. */
export type GaugeConfiguration<T extends string> = MetricConfiguration<T>;

/** A bound gauge series: its methods update its own slot and touch nothing else. */
export class GaugeChild implements SeriesHandle {
  chunk: Float64Array;
  index: number;

  constructor(chunk: Float64Array, index: number) {
    this.chunk = chunk;
    this.index = index;
  }

  /** Adds `value` (default 1). */
  inc(value = 1): void {
    this.chunk[this.index]! += value;
  }

  /** Subtracts `value` (default 1). */
  dec(value = 1): void {
    // 0 - value, not -value: dec(0) must add +0, which shows a series a reset hid (see UNRECORDED).
    this.chunk[this.index]! += 0 - value;
  }

  /** Sets the value. */
  set(value: number): void {
    this.chunk[this.index] = value + 0; // -0 is stored as 0 (-0 marks a hidden series)
  }

  /** Sets the value to the current Unix time in seconds. */
  setToCurrentTime(): void {
    this.chunk[this.index] = Date.now() / 1000;
  }

  /** Starts a timer; the returned function sets the gauge to the elapsed seconds and returns them. */
  startTimer(): () => number {
    return secondsTimer((seconds) => this.set(seconds));
  }

  /** Returns the series' current value. */
  get value(): number {
    return this.chunk[this.index]! + 0; // 0 while a reset hides the series (it holds -0)
  }
}

/**
 * A Prometheus gauge with prom-client's API.
 *
 * @example
 * const exposure = new Gauge({ name: "exposure_ratio", help: "Exposure / NAV.", labelNames: ["type"] });
 * exposure.set({ type: "at_risk" }, 0.18);
 */
export class Gauge<T extends string = string> extends SingleValueMetric<T> {
  constructor(configuration: GaugeConfiguration<T>) {
    super("gauge", configuration);
  }

  /** Sets the series with these labels (or the unlabelled series) to `value`. */
  set(labels: LabelValues<T> | number, value?: number): void {
    const amount = typeof labels === "object" ? value : labels;
    if (typeof amount !== "number") {
      throw new MetricValueError(
        "ERR_INVALID_VALUE",
        this.name,
        `Invalid value ${String(amount)} for gauge "${this.name}": must be a number`,
      );
    }
    this.store(typeof labels === "object" ? this.lookup(labels) : this.slotWithoutLabels(), amount);
  }

  /** Adds `value` (default 1). */
  inc(labels?: LabelValues<T> | number, value?: number): void {
    if (typeof labels === "object") this.add(this.lookup(labels), value === undefined ? 1 : value);
    else this.add(this.slotWithoutLabels(), labels === undefined ? 1 : labels);
  }

  /** Subtracts `value` (default 1). */
  dec(labels?: LabelValues<T> | number, value?: number): void {
    if (typeof labels === "object")
      this.add(this.lookup(labels), 0 - (value === undefined ? 1 : value));
    else this.add(this.slotWithoutLabels(), 0 - (labels === undefined ? 1 : labels));
  }

  /** Sets the value to the current Unix time in seconds. */
  setToCurrentTime(labels?: LabelValues<T>): void {
    this.store(
      labels === undefined ? this.slotWithoutLabels() : this.lookup(labels),
      Date.now() / 1000,
    );
  }

  /** Starts a timer; the returned function sets the gauge to the elapsed seconds and returns them. */
  startTimer(labels?: LabelValues<T>): (endLabels?: LabelValues<T>) => number {
    return labelledSecondsTimer(labels, (merged, seconds) =>
      this.store(merged === undefined ? this.slotWithoutLabels() : this.lookup(merged), seconds),
    );
  }

  /** Returns the bound series for these label values (positional or one object). */
  labels(...values: [LabelValues<T>] | (string | number)[]): GaugeChild {
    return this.handleFor(
      this.slotForArguments(values),
      (chunk, index) => new GaugeChild(chunk, index),
    );
  }

  /** Creates the series with these labels at zero. */
  zero(labels: LabelValues<T>): void {
    const slot = this.lookup(labels);
    this.store(slot, 0);
    this.reveal(slot);
  }

  private slotWithoutLabels(): number {
    return this.labelNames.length === 0 ? 0 : this.lookup({});
  }

  private store(slot: number, value: number): void {
    const chunk = chunkOf(slot);
    this.chunks[chunk]![positionInChunk(slot, chunk)] = value + 0; // as GaugeChild.set
  }

  private add(slot: number, value: number): void {
    const chunk = chunkOf(slot);
    this.chunks[chunk]![positionInChunk(slot, chunk)]! += value;
  }

  protected appendValues(values: MetricValue<T>[], labels: LabelValues<T>, slot: number): void {
    values.push({ value: this.chunkFor(slot)[this.indexFor(slot)]!, labels });
  }

  protected renderSeries(writer: ExpositionWriter, labels: string, slot: number): void {
    writer.sample(this.name, labels, this.chunkFor(slot)[this.indexFor(slot)]!);
  }
}
