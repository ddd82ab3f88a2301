/** @module The base of every metric type: label resolution, series storage, the cardinality guard. */
import { MetricValueError } from "./errors.js";
import type { ExpositionWriter } from "./exposition-writer.js";
import { escapeLabelValue } from "./format.js";
import { register as defaultRegistry, type Registry } from "./registry.js";
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

/**
 * Series live in chunks of a Float64Array each; chunk k holds `FIRST_CHUNK_SERIES << k` series,
 * so small metrics stay small and a chunk never moves once made: a bound handle keeps a direct
 * reference to its chunk and the index of its first value.
 */
const FIRST_CHUNK_SERIES = 8;

/** Returns the chunk that holds a slot. */
export function chunkOf(slot: number): number {
  return 28 - Math.clz32(slot + FIRST_CHUNK_SERIES);
}

/** Returns the position of a slot inside its chunk, in series. */
export function positionInChunk(slot: number, chunk: number): number {
  return slot + FIRST_CHUNK_SERIES - (FIRST_CHUNK_SERIES << chunk);
}

/** A trie level: label value to the next level, or to the slot number at the last level. */
type LabelTrie = Map<string, LabelTrie | number>;

/** Resolves a labels object to a slot; generated per metric at construction. */
type SlotLookup = (labels: object) => number;

/** What a bound handle exposes to its metric so the metric can detach it. */
export interface SeriesHandle {
  chunk: Float64Array;
  index: number;
}

/**
 * The base of Counter, Gauge, Histogram and Summary. Each series owns `stride` consecutive
 * float64 values in a chunk; label sets map to series through a trie of Maps keyed by label
 * value, so a lookup hashes strings whose hash V8 has already cached and allocates nothing.
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
  protected chunks: Float64Array[] = [];
  /** Resolves a labels object to a slot, creating the series when it is new. */
  protected readonly lookup: SlotLookup;
  protected handles: (SeriesHandle | undefined)[] = [];

  private root: LabelTrie = new Map();
  private nextSlot = 0;
  private freeSlots: number[] = [];
  private seriesCount = 0;
  private readonly labelIndex: ReadonlySet<string>;
  private readonly ownLabelValueLimit: boolean;
  private readonly collectCallback: (() => void | Promise<void>) | undefined;

  protected constructor(type: MetricType, config: MetricConfiguration<T>, stride: number) {
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
    this.labelIndex = new Set(labelNames);
    this.aggregator = config.aggregator ?? "sum";
    this.maxSeries = validateMaxSeries(config.name, config.maxSeries ?? DEFAULT_MAX_SERIES);
    this.ownLabelValueLimit = config.maxLabelValueBytes !== undefined;
    this.maxLabelValueBytes = validateMaxLabelValueBytes(
      config.name,
      config.maxLabelValueBytes ?? DEFAULT_MAX_LABEL_VALUE_BYTES,
    );
    this.stride = stride;
    const collect = config.collect as (() => void | Promise<void>) | undefined;
    this.collectCallback = collect === undefined ? undefined : collect.bind(this as never);
    this.lookup = this.compileLookup();
    if (this.labelNames.length === 0) this.allocateSlot();
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
    return this.seriesCount;
  }

  /**
   * Removes the series with these label values. A handle bound to it is detached: its records
   * no longer reach the exposition (call `labels()` again for a live one).
   */
  remove(...args: [LabelValues<T>] | (string | number)[]): void {
    const values = this.valuesFromArguments(args);
    if (values.length === 0) return;
    const path: LabelTrie[] = [];
    let node: LabelTrie = this.root;
    for (let depth = 0; depth < values.length - 1; depth++) {
      path.push(node);
      const next = node.get(values[depth]!);
      if (next === undefined) return;
      node = next as LabelTrie;
    }
    const last = values[values.length - 1]!;
    const slot = node.get(last);
    if (slot === undefined) return;
    node.delete(last);
    for (let depth = values.length - 2; depth >= 0 && node.size === 0; depth--) {
      const parent = path[depth]!;
      parent.delete(values[depth]!);
      node = parent;
    }
    this.releaseSlot(slot as number);
  }

  /**
   * Zeroes every series and removes those no bound handle holds. Handles keep working, so a hot
   * path that bound its series once at start-up goes on recording after a reset (prom-client
   * re-creates the series on the handle's next record; here it stays, at zero).
   */
  reset(): void {
    const kept: [string[], number][] = [];
    this.forEachSeries((values, slot) => {
      if (this.handles[slot] !== undefined) kept.push([[...values], slot]);
    });
    for (const chunk of this.chunks) chunk.fill(0);
    this.onReset();
    this.root = new Map();
    this.freeSlots = [];
    this.droppedLabelSets = 0;
    const keptSlots = new Set<number>();
    if (this.labelNames.length === 0) {
      keptSlots.add(0);
    } else {
      for (const [values, slot] of kept) {
        this.insert(values, slot);
        keptSlots.add(slot);
      }
    }
    this.seriesCount = keptSlots.size;
    for (let slot = this.nextSlot - 1; slot >= 0; slot--) {
      if (keptSlots.has(slot)) continue;
      this.handles[slot] = undefined;
      this.onRelease(slot);
      this.freeSlots.push(slot);
    }
  }

  /** Returns prom-client's metric object: name, help, type, aggregator and every sample. */
  async get(): Promise<MetricObjectWithValues<T>> {
    await this.collectNow();
    const values: MetricValue<T>[] = [];
    this.forEachSeries((labelValues, slot) => {
      const labels: Record<string, string> = {};
      for (let index = 0; index < this.labelNames.length; index++) {
        labels[this.labelNames[index]!] = labelValues[index]!;
      }
      this.appendValues(values, labels as LabelValues<T>, slot);
    });
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
      this.renderSeries(writer, "", 0);
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

  /** Lets subclasses zero per-series state kept outside the chunks. */
  protected onReset(): void {}

  /** Lets subclasses drop per-series state kept outside the chunks when a slot is freed. */
  protected onRelease(_slot: number): void {}

  /** Returns the chunk holding a slot. */
  protected chunkFor(slot: number): Float64Array {
    return this.chunks[chunkOf(slot)]!;
  }

  /** Returns the index of a slot's first value inside its chunk. */
  protected indexFor(slot: number): number {
    return positionInChunk(slot, chunkOf(slot)) * this.stride;
  }

  /** Resolves `labels(...)` arguments (positional values or one object) to a slot. */
  protected slotForArguments(args: readonly unknown[]): number {
    const first = args[0];
    if (args.length === 1 && typeof first === "object" && first !== null) {
      return this.lookup(first);
    }
    if (args.length !== this.labelNames.length) {
      throw new MetricValueError(
        "ERR_LABEL_COUNT_MISMATCH",
        this.name,
        `Wrong number of label values for metric "${this.name}": was ${args.length}, must be ${this.labelNames.length} (${this.labelNames.join(", ")})`,
      );
    }
    return this.slotForValues(args.map((value, index) => this.labelValueToString(value, index)));
  }

  /** Returns the bound handle of a slot, creating it on first use. */
  protected handleFor<H extends SeriesHandle>(
    slot: number,
    create: (chunk: Float64Array, index: number) => H,
  ): H {
    const existing = this.handles[slot];
    if (existing !== undefined) return existing as H;
    const handle = create(this.chunkFor(slot), this.indexFor(slot));
    this.handles[slot] = handle;
    return handle;
  }

  /** Resolves a labels object the fast path could not: validates it, creating the series if new. */
  protected resolveLabels(labels: object): number {
    for (const key in labels) {
      if (!this.labelIndex.has(key)) {
        throw new MetricValueError(
          "ERR_UNKNOWN_LABEL_NAME",
          this.name,
          `Unknown label name "${key}" for metric "${this.name}": declared labels are ${this.labelNames.length === 0 ? "none" : this.labelNames.map((name) => `"${name}"`).join(", ")}`,
        );
      }
    }
    if (this.labelNames.length === 0) return 0;
    const record = labels as Record<string, unknown>;
    const values = this.labelNames.map((name, index) => {
      const value = record[name];
      return value === undefined ? "" : this.labelValueToString(value, index);
    });
    return this.slotForValues(values);
  }

  private labelValueToString(value: unknown, index: number): string {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
      return `${value}`;
    }
    throw new MetricValueError(
      "ERR_INVALID_LABEL_VALUE",
      this.name,
      `Invalid value for label "${this.labelNames[index]}" of metric "${this.name}": was ${value === null ? "null" : typeof value}, must be a string or a number`,
    );
  }

  private valuesFromArguments(args: readonly unknown[]): string[] {
    const first = args[0];
    if (args.length === 1 && typeof first === "object" && first !== null) {
      const record = first as Record<string, unknown>;
      for (const key in record) {
        if (!this.labelIndex.has(key)) {
          throw new MetricValueError(
            "ERR_UNKNOWN_LABEL_NAME",
            this.name,
            `Unknown label name "${key}" for metric "${this.name}"`,
          );
        }
      }
      return this.labelNames.map((name, index) => {
        const value = record[name];
        return value === undefined ? "" : this.labelValueToString(value, index);
      });
    }
    if (args.length !== this.labelNames.length) {
      throw new MetricValueError(
        "ERR_LABEL_COUNT_MISMATCH",
        this.name,
        `Wrong number of label values for metric "${this.name}": was ${args.length}, must be ${this.labelNames.length}`,
      );
    }
    return args.map((value, index) => this.labelValueToString(value, index));
  }

  /** Finds or creates the series for these string values; past `maxSeries`, the overflow series. */
  private slotForValues(values: readonly string[]): number {
    if (values.length === 0) return 0;
    const last = values.length - 1;
    let node: LabelTrie = this.root;
    for (let depth = 0; depth < last; depth++) {
      const next = node.get(values[depth]!);
      if (next === undefined) return this.createSeries(values);
      node = next as LabelTrie;
    }
    const slot = node.get(values[last]!);
    return slot === undefined ? this.createSeries(values) : (slot as number);
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
    if (this.seriesCount >= this.maxSeries) {
      this.droppedLabelSets++;
      return this.slotForOverflow();
    }
    const slot = this.allocateSlot();
    this.insert(values, slot);
    return slot;
  }

  private slotForOverflow(): number {
    const values = this.labelNames.map(() => OVERFLOW_LABEL_VALUE);
    let node: LabelTrie = this.root;
    for (let depth = 0; depth < values.length - 1; depth++) {
      const next = node.get(OVERFLOW_LABEL_VALUE);
      if (next === undefined) break;
      node = next as LabelTrie;
    }
    const existing = node.get(OVERFLOW_LABEL_VALUE);
    if (typeof existing === "number") return existing;
    const slot = this.allocateSlot();
    this.insert(values, slot);
    return slot;
  }

  private insert(values: readonly string[], slot: number): void {
    let node: LabelTrie = this.root;
    const last = values.length - 1;
    for (let depth = 0; depth < last; depth++) {
      const value = values[depth]!;
      let next = node.get(value) as LabelTrie | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    node.set(values[last]!, slot);
  }

  private allocateSlot(): number {
    this.seriesCount++;
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.nextSlot++;
    const chunk = chunkOf(slot);
    if (chunk === this.chunks.length) {
      this.chunks.push(new Float64Array((FIRST_CHUNK_SERIES << chunk) * this.stride));
    }
    return slot;
  }

  private releaseSlot(slot: number): void {
    const handle = this.handles[slot];
    if (handle !== undefined) {
      this.detach(handle);
      this.handles[slot] = undefined;
    }
    this.chunkFor(slot).fill(0, this.indexFor(slot), this.indexFor(slot) + this.stride);
    this.onRelease(slot);
    this.freeSlots.push(slot);
    this.seriesCount--;
  }

  /** Points a handle at private storage, so a removed series' handle can't write to a reused slot. */
  private detach(handle: SeriesHandle): void {
    handle.chunk = new Float64Array(this.stride);
    handle.index = 0;
  }

  /** Calls `visit` with each series' label values (a reused array) and slot, in insertion order. */
  protected forEachSeries(visit: (values: readonly string[], slot: number) => void): void {
    if (this.labelNames.length === 0) {
      visit([], 0);
      return;
    }
    const values: string[] = new Array(this.labelNames.length).fill("");
    const walk = (node: LabelTrie, depth: number): void => {
      const last = depth === this.labelNames.length - 1;
      for (const [value, child] of node) {
        values[depth] = value;
        if (last) visit(values, child as number);
        else walk(child as LabelTrie, depth + 1);
      }
    };
    walk(this.root, 0);
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
    const iterators: Iterator<[string, LabelTrie | number]>[] = [this.root[Symbol.iterator]()];
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
        this.renderSeries(writer, labels, child as number);
        const pause = writer.maybeYield();
        if (pause !== undefined) await pause;
      } else {
        iterators.push((child as LabelTrie)[Symbol.iterator]());
        prefixes.push(labels);
      }
    }
  }

  /**
   * Generates the labels-object lookup for this metric's label names: property reads with
   * constant names, one Map.get per label, and no allocation when the series exists. A missing
   * label reads as the empty value and a number as its decimal string, so neither leaves the
   * fast path. Label names are validated identifiers, so the generated source is safe.
   */
  private compileLookup(): SlotLookup {
    const resolve = (labels: object): number => this.resolveLabels(labels);
    const text = (value: unknown, index: number): string =>
      value === undefined ? "" : this.labelValueToString(value, index);
    const names = this.labelNames;
    if (names.length === 0) {
      return (labels: object): number => {
        for (const _key in labels) return resolve(labels);
        return 0;
      };
    }
    const reads = names.map(
      (name, index) =>
        `let v${index} = labels[${JSON.stringify(name)}]; if (typeof v${index} !== "string") v${index} = text(v${index}, ${index});`,
    );
    let walk = "";
    for (let index = 0; index < names.length; index++) {
      const from = index === 0 ? "metric.root" : `n${index}`;
      const last = index === names.length - 1;
      walk += last
        ? `const slot = ${from}.get(v${index}); if (slot !== undefined) return slot;`
        : `const n${index + 1} = ${from}.get(v${index}); if (n${index + 1} !== undefined) {`;
    }
    walk += "}".repeat(names.length - 1);
    const source = `return function lookup(labels) { ${reads.join(" ")} ${walk} return resolve(labels); };`;
    return new Function("metric", "resolve", "text", source)(this, resolve, text) as SlotLookup;
  }
}

/** Re-exported for metric files that register with a registry other than the default. */
export type { Registry };
