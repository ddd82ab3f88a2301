/** @module The base of every metric type: label resolution, series storage, the cardinality guard. */
import type { ExpositionWriter } from "./exposition-writer.js";
import { escapeLabelValue } from "./format.js";
import { register as defaultRegistry, type Registry } from "./registry.js";
import { LabelArguments } from "./series/label-arguments.js";
import { LabelTrie, type LabelTrieLevel } from "./series/label-trie.js";
import { compileLookup, type SlotLookup } from "./series/lookup-compiler.js";
import { type SeriesHandle, SeriesStorage } from "./series/series-storage.js";
import {
  type Aggregator,
  type Collectable,
  DEFAULT_MAX_LABEL_VALUE_BYTES,
  DEFAULT_MAX_SERIES,
  type LabelValues,
  type MetricConfiguration,
  type MetricObjectWithValues,
  type MetricType,
  type MetricValue,
  OVERFLOW_LABEL_VALUE,
} from "./types.js";
import {
  assertValidMetricName,
  validateHelp,
  validateLabelNames,
  validateLabelValue,
  validateMaxLabelValueBytes,
  validateMaxSeries,
  validateUnit,
} from "./validation.js";

export { chunkOf, positionInChunk, type SeriesHandle } from "./series/series-storage.js";

/** What a subclass keeps of its series when the metric is reset. */
export type ResetPolicy =
  /** Every series stays, at zero (prom-client's Summary). */
  | "keep-all"
  /** Series stay only while a handle is bound, hidden until recorded again; the unlabelled one stays visible. */
  | "keep-bound"
  /** As keep-bound, and the unlabelled series is hidden too (prom-client's Histogram). */
  | "keep-bound-hide-unlabelled";

/**
 * The value a counter or gauge series holds while a reset hides it. Any record turns it into a
 * value that is not -0, `inc(0)` included (-0 + 0 is +0), so the series shows again on its next
 * record, as prom-client re-creates it, and the record path pays nothing to tell.
 */
const UNRECORDED = -0;

/**
 * The base of Counter, Gauge, Histogram and Summary: composes the label parser, the label trie,
 * the compiled lookup and the series storage, and guards cardinality.
 */
export abstract class Metric<T extends string = string> implements Collectable {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit: string | undefined;
  readonly labelNames: readonly T[];
  readonly aggregator: Aggregator;
  readonly maxSeries: number;
  /** Records folded into the overflow series because `maxSeries` was reached. */
  droppedLabelSets = 0;
  /** The longest label value a new label set may hold, in UTF-8 bytes. */
  maxLabelValueBytes: number;

  /** How many float64 values each series owns. */
  protected readonly stride: number;
  /** The storage's chunks (the same array), read directly on the record path. */
  protected readonly chunks: Float64Array[];
  /** Resolves a labels object to a slot, creating the series when it is new. */
  protected readonly lookup: SlotLookup;
  protected readonly storage: SeriesStorage;
  protected readonly parser: LabelArguments;

  private readonly trie: LabelTrie;
  /**
   * Slot to which label values were given as numbers (see {@link LabelArguments.numericMask}),
   * for the series that had any: a Map, so string-only metrics spend no memory per series.
   */
  private numericMasks = new Map<number, number>();
  /** Series kept through a reset for their handles, not shown until recorded again. */
  private hiddenSlots = new Set<number>();
  private readonly resetPolicy: ResetPolicy;
  private readonly ownLabelValueLimit: boolean;
  private readonly collectCallback: (() => void | Promise<void>) | undefined;

  protected constructor(
    type: MetricType,
    config: MetricConfiguration<T>,
    stride: number,
    resetPolicy: ResetPolicy = "keep-bound",
  ) {
    if (config === null || typeof config !== "object") {
      throw new TypeError(`Metric options must be an object, was ${String(config)}`);
    }
    assertValidMetricName(config.name);
    validateHelp(config.name, config.help);
    const labelNames = config.labelNames ?? [];
    validateLabelNames(config.name, type, labelNames);
    validateUnit(config.name, type, config.unit);
    this.name = config.name;
    this.help = config.help;
    this.type = type;
    this.unit = config.unit;
    this.labelNames = Object.freeze([...labelNames]);
    this.aggregator = config.aggregator ?? "sum";
    this.maxSeries = validateMaxSeries(config.name, config.maxSeries ?? DEFAULT_MAX_SERIES);
    this.ownLabelValueLimit = config.maxLabelValueBytes !== undefined;
    this.maxLabelValueBytes = validateMaxLabelValueBytes(
      config.name,
      config.maxLabelValueBytes ?? DEFAULT_MAX_LABEL_VALUE_BYTES,
    );
    this.stride = stride;
    this.resetPolicy = resetPolicy;
    this.storage = new SeriesStorage(stride);
    this.chunks = this.storage.chunks;
    this.trie = new LabelTrie(this.labelNames.length);
    this.parser = new LabelArguments(this.name, this.labelNames);
    const collect = config.collect as (() => void | Promise<void>) | undefined;
    this.collectCallback = collect === undefined ? undefined : collect.bind(this as never);
    const parser = this.parser;
    this.lookup = compileLookup(
      this.labelNames,
      this.trie,
      (labels) => this.resolveLabels(labels),
      (value, index) => parser.text(value, index),
    );
    if (this.labelNames.length === 0) this.storage.allocate();
    for (const registry of config.registers ?? [defaultRegistry]) {
      registry.registerMetric(this);
    }
  }

  /** Runs the `collect` callback, if any. */
  collectNow(): void | Promise<void> {
    return this.collectCallback?.();
  }

  /** Applies a registry's label-value limit, unless `maxLabelValueBytes` was given at construction. */
  limitLabelValueBytes(bytes: number): void {
    if (!this.ownLabelValueLimit) {
      this.maxLabelValueBytes = validateMaxLabelValueBytes(this.name, bytes);
    }
  }

  /** Returns the number of series this metric holds, the overflow series included. */
  get seriesSize(): number {
    return this.storage.size;
  }

  /**
   * Removes the series with these label values. A handle bound to it is detached: its records
   * no longer reach the exposition (call `labels()` again for a live one).
   */
  remove(...args: [LabelValues<T>] | (string | number)[]): void {
    const values = this.parser.fromArguments(args);
    if (values.length === 0) return;
    const slot = this.trie.delete(values);
    if (slot === undefined) return;
    this.hiddenSlots.delete(slot);
    if (this.numericMasks.size !== 0) this.numericMasks.delete(slot);
    this.storage.release(slot);
    this.onRelease(slot);
  }

  /**
   * Zeroes every series and removes those no bound handle holds. Handles keep working, so a hot
   * path that bound its series once at start-up goes on recording after a reset; such a series
   * is shown again once it is recorded (prom-client re-creates it on the handle's next record).
   */
  reset(): void {
    const keepAll = this.resetPolicy === "keep-all";
    const kept: [string[], number][] = [];
    if (this.labelNames.length > 0) {
      this.trie.forEach((values, slot) => {
        if (keepAll || this.storage.handles[slot] !== undefined) kept.push([[...values], slot]);
      });
    }
    const keptSlots = new Set<number>(kept.map(([, slot]) => slot));
    if (this.labelNames.length === 0) keptSlots.add(0);
    const freed = this.storage.resetKeeping(keptSlots);
    this.onReset();
    for (const slot of freed) {
      this.onRelease(slot);
      if (this.numericMasks.size !== 0) this.numericMasks.delete(slot);
    }
    this.trie.clear();
    for (const [values, slot] of kept) this.trie.insert(values, slot);
    this.droppedLabelSets = 0;
    this.hiddenSlots = new Set(keepAll ? [] : kept.map(([, slot]) => slot));
    if (this.resetPolicy === "keep-bound-hide-unlabelled" && this.labelNames.length === 0) {
      this.hiddenSlots.add(0);
    }
    for (const slot of this.hiddenSlots) this.markUnrecorded(slot);
  }

  /** Returns prom-client's metric object: name, help, type, aggregator and every sample. */
  async get(): Promise<MetricObjectWithValues<T>> {
    await this.collectNow();
    const values: MetricValue<T>[] = [];
    const names = this.labelNames;
    const visit = (labelValues: readonly string[], slot: number): void => {
      if (this.skips(slot)) return;
      const mask = this.numericMasks.size === 0 ? 0 : (this.numericMasks.get(slot) ?? 0);
      const labels: Record<string, string | number> = {};
      for (let index = 0; index < names.length; index++) {
        const value = labelValues[index]!;
        labels[names[index]!] = index < 31 && (mask & (1 << index)) !== 0 ? Number(value) : value;
      }
      this.appendValues(values, labels as LabelValues<T>, slot);
    };
    if (names.length === 0) visit([], 0);
    else this.trie.forEach(visit);
    const result: MetricObjectWithValues<T> = {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
    if (this.unit !== undefined) result.unit = this.unit;
    return result;
  }

  /** Appends every series' samples in the writer's format. */
  async renderSamples(writer: ExpositionWriter): Promise<void> {
    if (this.labelNames.length === 0) {
      if (!this.skips(0)) this.renderSeries(writer, "", 0);
      return;
    }
    await this.renderTrie(writer);
  }

  /** Appends prom-client samples for one series. */
  protected abstract appendValues(
    values: MetricValue<T>[],
    labels: LabelValues<T>,
    slot: number,
  ): void;

  /** Appends the exposition lines of one series; `labels` is its rendered pair list. */
  protected abstract renderSeries(writer: ExpositionWriter, labels: string, slot: number): void;

  /** Returns whether a series hidden by a reset has not been recorded since (it stays hidden). */
  protected abstract isEmpty(slot: number): boolean;

  /** Lets a subclass mark a series hidden by a reset, for {@link isEmpty}. */
  protected markUnrecorded(_slot: number): void {}

  /** Lets subclasses zero per-series state kept outside the chunks. */
  protected onReset(): void {}

  /** Lets subclasses drop per-series state kept outside the chunks when a slot is freed. */
  protected onRelease(_slot: number): void {}

  /** Returns whether a series is left out of `get()` and the exposition. */
  protected skips(slot: number): boolean {
    if (this.hiddenSlots.size === 0 || !this.hiddenSlots.has(slot)) return false;
    if (this.isEmpty(slot)) return true;
    this.hiddenSlots.delete(slot);
    return false;
  }

  /** Shows a series hidden by a reset (its labels were named again by `zero()`). */
  protected reveal(slot: number): void {
    this.hiddenSlots.delete(slot);
  }

  /** Returns the chunk holding a slot. */
  protected chunkFor(slot: number): Float64Array {
    return this.storage.chunkFor(slot);
  }

  /** Returns the index of a slot's first value inside its chunk. */
  protected indexFor(slot: number): number {
    return this.storage.indexFor(slot);
  }

  /** Resolves `labels(...)` arguments (positional values or one object) to a slot. */
  protected slotForArguments(args: readonly unknown[]): number {
    const first = args[0];
    if (args.length === 1 && typeof first === "object" && first !== null) {
      return this.lookup(first);
    }
    return this.slotForValues(this.parser.fromArguments(args));
  }

  /** Returns the bound handle of a slot, creating it on first use. */
  protected handleFor<H extends SeriesHandle>(
    slot: number,
    create: (chunk: Float64Array, index: number) => H,
  ): H {
    const handles = this.storage.handles;
    const existing = handles[slot];
    if (existing !== undefined) return existing as H;
    const handle = create(this.chunkFor(slot), this.indexFor(slot));
    handles[slot] = handle;
    return handle;
  }

  /** Resolves a labels object the fast path could not: validates it, creating the series if new. */
  private resolveLabels(labels: object): number {
    const values = this.parser.fromObject(labels);
    if (values.length === 0) return 0;
    return this.slotForValues(values);
  }

  /** Finds or creates the series for these string values; past `maxSeries`, the overflow series. */
  private slotForValues(values: readonly string[]): number {
    if (values.length === 0) return 0;
    return this.trie.find(values) ?? this.createSeries(values);
  }

  private createSeries(values: readonly string[]): number {
    for (let index = 0; index < values.length; index++) {
      validateLabelValue(
        this.name,
        this.labelNames[index]!,
        values[index]!,
        this.maxLabelValueBytes,
      );
    }
    if (this.storage.size >= this.maxSeries) {
      this.droppedLabelSets++;
      return this.slotForOverflow();
    }
    const slot = this.storage.allocate();
    if (this.parser.numericMask !== 0) this.numericMasks.set(slot, this.parser.numericMask);
    this.trie.insert(values, slot);
    return slot;
  }

  private slotForOverflow(): number {
    const values = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
    const existing = this.trie.find(values);
    if (existing !== undefined) return existing;
    const slot = this.storage.allocate();
    this.trie.insert(values, slot);
    return slot;
  }

  /**
   * Renders every series by an iterative depth-first walk of the trie: one async frame for the
   * whole metric, awaiting only when the writer asks to yield (an async call per inner node
   * costs a promise and a tick each).
   */
  private async renderTrie(writer: ExpositionWriter): Promise<void> {
    const names = this.labelNames;
    const last = names.length - 1;
    const heads = names.map((name, depth) => (depth === 0 ? `${name}="` : `,${name}="`));
    const iterators: Iterator<[string, LabelTrieLevel | number]>[] = [
      this.trie.root[Symbol.iterator](),
    ];
    const prefixes: string[] = [""];
    while (iterators.length > 0) {
      const depth = iterators.length - 1;
      const step = iterators[depth]!.next();
      if (step.done === true) {
        iterators.pop();
        prefixes.pop();
        continue;
      }
      const [value, child] = step.value;
      const labels = `${prefixes[depth]}${heads[depth]}${escapeLabelValue(value)}"`;
      if (depth === last) {
        if (!this.skips(child as number)) this.renderSeries(writer, labels, child as number);
        const pause = writer.maybeYield();
        if (pause !== undefined) await pause;
      } else {
        iterators.push((child as LabelTrieLevel)[Symbol.iterator]());
        prefixes.push(labels);
      }
    }
  }
}

/** Re-exported for metric files that register with a registry other than the default. */
export type { Registry };

/** The base of Counter and Gauge: one value per series. */
export abstract class SingleValueMetric<T extends string = string> extends Metric<T> {
  protected constructor(type: "counter" | "gauge", config: MetricConfiguration<T>) {
    super(type, config, 1);
  }

  protected override markUnrecorded(slot: number): void {
    this.chunkFor(slot)[this.indexFor(slot)] = UNRECORDED;
  }

  protected isEmpty(slot: number): boolean {
    return Object.is(this.chunkFor(slot)[this.indexFor(slot)], UNRECORDED);
  }
}
