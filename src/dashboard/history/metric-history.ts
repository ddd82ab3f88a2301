/** @module The dashboard's in-memory history: three downsampled tiers with a fixed footprint. */
import { TradewatchError } from "../../errors.js";
import type {
  ChartRow,
  DownsampleMode,
  RangeHistory,
  RangeName,
  SeriesSample,
  WireNumber,
} from "../types.js";
import { toWire } from "../wire-number.js";
import { counterIncrease } from "./counter-increase.js";
import { HistoryTier } from "./history-tier.js";
import { TierAccumulator } from "./tier-accumulator.js";

/** One resolution of the history and the range it serves. */
export interface TierDefinition {
  readonly range: RangeName;
  /** Milliseconds per point; 0 for the raw tier (every sample is a point). */
  readonly stepMs: number;
  /** Points held. */
  readonly capacity: number;
  /** Milliseconds the range shows. */
  readonly spanMs: number;
  /** Milliseconds counter rates are taken over. */
  readonly rateWindowMs: number;
}

/**
 * The default tiers: every sample for 10 minutes (the 5-minute range), 10-second means for
 * 2 hours (the 1-hour range), 1-minute means for 6 hours. 1 680 points per series in all.
 */
export const defaultTiers: readonly TierDefinition[] = Object.freeze([
  { range: "5m", stepMs: 0, capacity: 600, spanMs: 5 * 60_000, rateWindowMs: 30_000 },
  { range: "1h", stepMs: 10_000, capacity: 720, spanMs: 3_600_000, rateWindowMs: 120_000 },
  { range: "6h", stepMs: 60_000, capacity: 360, spanMs: 21_600_000, rateWindowMs: 600_000 },
]);

/** Options of {@link MetricHistory}. */
export interface MetricHistoryOptions {
  /** Series kept at most; samples of further keys are dropped (and counted). Default 256. */
  readonly maxSeries?: number | undefined;
  readonly tiers?: readonly TierDefinition[] | undefined;
}

interface Tier {
  readonly definition: TierDefinition;
  readonly store: HistoryTier;
  readonly accumulator: TierAccumulator;
  /** The step the accumulator is filling (coarse tiers only). */
  step: number;
}

/**
 * Keeps the dashboard's time series in memory with a bounded footprint whatever the run
 * length: each tier is a ring buffer of fixed capacity, coarse tiers hold folded steps
 * (mean for gauges, last for counters, max for states), and the number of series is capped.
 * Counters are stored as totals; charts get them as per-minute rates taken over the
 * range's rate window, with resets counted as Prometheus does.
 *
 * @example
 * const history = new MetricHistory();
 * history.record(Date.now(), [{ key: "nav", value: 10_000, mode: "mean" }]);
 * history.range("1h").series.nav;
 */
export class MetricHistory {
  readonly maxSeries: number;
  readonly #tiers: readonly Tier[];
  readonly #modes = new Map<string, DownsampleMode>();
  #droppedSamples = 0;

  constructor(options: MetricHistoryOptions = {}) {
    this.maxSeries = options.maxSeries ?? 256;
    this.#tiers = (options.tiers ?? defaultTiers).map((definition) => ({
      definition,
      store: new HistoryTier(definition.capacity),
      accumulator: new TierAccumulator(),
      step: Number.NaN,
    }));
  }

  /** Series stored. */
  get seriesCount(): number {
    return this.#modes.size;
  }

  /** Samples dropped because `maxSeries` series were already stored. */
  get droppedSamples(): number {
    return this.#droppedSamples;
  }

  /** Points held over every tier and series (the footprint is 8 bytes each, plus times). */
  get storedPoints(): number {
    let points = 0;
    for (const tier of this.#tiers) points += tier.store.size * tier.store.columnCount;
    return points;
  }

  /** The most points {@link storedPoints} can ever reach. */
  get maxStoredPoints(): number {
    let points = 0;
    for (const tier of this.#tiers) points += tier.definition.capacity * this.maxSeries;
    return points;
  }

  /** The ranges served, finest first. */
  get ranges(): readonly RangeName[] {
    return this.#tiers.map((tier) => tier.definition.range);
  }

  /**
   * Records one sample taken at `timeMs`. Returns the ranges that gained a point: the raw
   * tier always, a coarse tier when this sample starts a new step (its previous step is
   * folded into one point).
   */
  record(timeMs: number, samples: readonly SeriesSample[]): RangeName[] {
    const values = new Map<string, number>();
    for (const sample of samples) {
      if (!this.#modes.has(sample.key)) {
        if (this.#modes.size >= this.maxSeries) {
          this.#droppedSamples++;
          continue;
        }
        this.#modes.set(sample.key, sample.mode);
        for (const tier of this.#tiers) tier.store.addColumn(sample.key);
      }
      values.set(sample.key, sample.value);
    }
    const valueFor = (key: string): number => values.get(key) ?? Number.NaN;
    const grown: RangeName[] = [];
    for (const tier of this.#tiers) {
      const { definition, store, accumulator } = tier;
      if (definition.stepMs <= 0) {
        store.append(timeMs, valueFor);
        grown.push(definition.range);
        continue;
      }
      const step = Math.floor(timeMs / definition.stepMs);
      if (step !== tier.step && !accumulator.empty) {
        const modes = this.#modes;
        store.append(accumulator.lastTimeMs, (key) =>
          accumulator.value(key, modes.get(key) ?? "mean"),
        );
        accumulator.clear();
        grown.push(definition.range);
      }
      tier.step = step;
      for (const [key, value] of values) accumulator.add(key, value);
      accumulator.touch(timeMs);
    }
    return grown;
  }

  /** The stored history of a range, ending at its newest point, counters as per-minute rates. */
  range(range: RangeName): RangeHistory {
    const tier = this.#tier(range);
    const { store, definition } = tier;
    const end = store.size - 1;
    const newest = end >= 0 ? store.timeAt(end) : 0;
    const from = store.firstPositionAfter(newest - definition.spanMs);
    const times: number[] = [];
    for (let position = from; position <= end; position++) {
      times.push(store.timeAt(position) / 1000);
    }
    const series: Record<string, WireNumber[]> = {};
    for (const key of store.keys()) {
      const column: WireNumber[] = [];
      for (let position = from; position <= end; position++) {
        column.push(this.#chartValue(tier, key, position));
      }
      series[key] = column;
    }
    return {
      range,
      stepSeconds: definition.stepMs / 1000,
      rateWindowSeconds: definition.rateWindowMs / 1000,
      times,
      series,
    };
  }

  /** The newest point of a range as a chart row (counters as per-minute rates), if any. */
  latestRow(range: RangeName): ChartRow | undefined {
    const tier = this.#tier(range);
    const position = tier.store.size - 1;
    if (position < 0) return undefined;
    const values: Record<string, WireNumber> = {};
    for (const key of tier.store.keys()) values[key] = this.#chartValue(tier, key, position);
    return { t: tier.store.timeAt(position) / 1000, values };
  }

  /**
   * How much the counter `key` grew over the newest `range` span of its tier, resets
   * counted; a series that appeared inside the span counts from zero. NaN when the span
   * holds no value of it.
   */
  increase(key: string, range: RangeName): number {
    const { store, definition } = this.#tier(range);
    const end = store.size - 1;
    if (end < 1 || !store.has(key)) return Number.NaN;
    const from = store.firstPositionAfter(store.timeAt(end) - definition.spanMs);
    const valueAt = (position: number): number => store.valueAt(key, position);
    let first = from;
    while (first <= end && !Number.isFinite(valueAt(first))) first++;
    if (first > end) return Number.NaN;
    const grown = first === end ? 0 : counterIncrease(valueAt, first, end);
    // A counter series is created at zero by its first increment: when it appears inside
    // the span, its first value is increase too.
    return first > from ? grown + valueAt(first) : grown;
  }

  #chartValue(tier: Tier, key: string, position: number): WireNumber {
    if (this.#modes.get(key) !== "last") return toWire(tier.store.valueAt(key, position));
    const { store, definition } = tier;
    const time = store.timeAt(position);
    let from = position;
    while (from > 0 && time - store.timeAt(from - 1) <= definition.rateWindowMs) from--;
    const elapsedMs = time - store.timeAt(from);
    if (elapsedMs <= 0) return null;
    const increase = counterIncrease((index) => store.valueAt(key, index), from, position);
    return Number.isNaN(increase) ? null : toWire((increase * 60_000) / elapsedMs);
  }

  #tier(range: RangeName): Tier {
    const tier = this.#tiers.find((candidate) => candidate.definition.range === range);
    if (tier === undefined) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid dashboard range "${range}": must be one of ${this.ranges.join(", ")}`,
      );
    }
    return tier;
  }
}
