/** @module A catalog family: one catalog metric registered in a registry, with label normalisation and cached handles typed by its kind. */

import type { LabelBound, MetricDefinition } from "../../catalog/types.js";
import { TradewatchError } from "../../errors.js";
import {
  Counter,
  type CounterChild,
  Gauge,
  type GaugeChild,
  Histogram,
  type HistogramChild,
  type Registry,
} from "../../metrics/index.js";
import { normalizeApiErrorType } from "../normalizers/api-error-type.js";
import { normalizeBreaker } from "../normalizers/breaker.js";
import { normalizeHttpMethod, statusClassOf } from "../normalizers/http.js";
import { normalizeNoTradeReason } from "../normalizers/no-trade-reason.js";
import { normalizeRejectionReason } from "../normalizers/rejection-reason.js";
import { universeNormalizer } from "../normalizers/universe.js";
import type { GenericLabels, Universes } from "../types.js";

/** The metric kinds the recorder registers (the catalog declares no summaries). */
export type FamilyKind = "counter" | "gauge" | "histogram";

/**
 * The bound series of a family of kind `K`: the core's own child type, so a counter's
 * handle has `inc()` and no `observe()`, a histogram's `observe()` and no `inc()`.
 */
export type HandleOf<K extends FamilyKind> = {
  counter: CounterChild;
  gauge: GaugeChild;
  histogram: HistogramChild;
}[K];

/** How to make a catalog family real. */
export interface CatalogFamilyOptions {
  readonly registry: Registry;
  /** Full name (namespace applied). */
  readonly fullName: string;
  readonly constLabelNames: readonly string[];
  readonly constLabelValues: readonly string[];
  readonly maxSeries: number | undefined;
  readonly universes: Universes;
  /** Called before every scrape (e.g. to set uptime). */
  readonly collect?: (() => void) | undefined;
}

/** Leaf handles beyond this many per cache level are not cached (values outside a universe). */
const CACHE_LIMIT = 4096;

/** Normalisers by the name a catalog label's bound gives. */
const normalizers: Readonly<Record<string, (value: unknown) => string>> = {
  rejectionReason: normalizeRejectionReason,
  apiErrorType: normalizeApiErrorType,
  noTradeReason: (value) => normalizeNoTradeReason(value),
  breaker: normalizeBreaker,
  httpMethod: normalizeHttpMethod,
  statusClass: (value) =>
    typeof value === "string" && /^[1-5]xx$/.test(value)
      ? value
      : statusClassOf(typeof value === "number" ? value : Number(value)),
};

function normalizerFor(
  metric: string,
  label: string,
  bound: LabelBound,
  universes: Universes,
): (value: unknown) => string {
  switch (bound.kind) {
    case "normalizer": {
      const normalize = normalizers[bound.normalizer];
      if (normalize === undefined) {
        throw new TradewatchError(
          "ERR_INVALID_CONFIG",
          `Unknown normalizer "${bound.normalizer}" on label "${label}" of metric "${metric}"`,
        );
      }
      return normalize;
    }
    case "universe":
      return universeNormalizer(universes[bound.universe]);
    case "enum": {
      const allowed = new Set(bound.values);
      return (value) => {
        if (typeof value === "string") {
          if (allowed.has(value)) return value;
          const lower = value.toLowerCase();
          if (allowed.has(lower)) return lower;
        }
        throw new TradewatchError(
          "ERR_INVALID_LABEL_VALUE",
          `Invalid value ${JSON.stringify(value)} for label "${label}" of metric "${metric}": must be one of ${bound.values.join(", ")}`,
        );
      };
    }
  }
}

type Level = Map<unknown, unknown>;

const noLabels: GenericLabels = Object.freeze({});

/**
 * Only primitives are cache keys: an error object passed as a rejection reason is normalised
 * on every call rather than kept alive (with its stack) by the cache.
 */
function isCacheKey(value: unknown): boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * A catalog family: the catalog metric (a declaration) made real as a metric family of the
 * registry, registered under its full name with the constant labels first. Its handles are
 * the core's children of kind `K`, cached by raw label values in nested Maps, so a repeated
 * record is a Map hit and an array-slot update: no normalisation, no string building, no
 * allocation.
 */
export class CatalogFamily<K extends FamilyKind = FamilyKind> {
  readonly definition: MetricDefinition;
  readonly core: Counter<string> | Gauge<string> | Histogram<string>;
  private readonly constValues: readonly string[];
  private readonly normalize: readonly ((value: unknown) => string)[];
  private readonly labelNames: readonly string[];
  private readonly root: Level = new Map();
  private unlabelled: HandleOf<K> | undefined;

  constructor(definition: MetricDefinition, options: CatalogFamilyOptions) {
    this.definition = definition;
    this.constValues = options.constLabelValues;
    this.labelNames = definition.labels.map((label) => label.name);
    this.normalize = definition.labels.map((label) =>
      normalizerFor(definition.name, label.name, label.bound, options.universes),
    );
    const config = {
      name: options.fullName,
      help: definition.help,
      labelNames: [...options.constLabelNames, ...this.labelNames],
      registers: [options.registry],
      ...(definition.unit === undefined ? {} : { unit: definition.unit }),
      ...(options.maxSeries === undefined ? {} : { maxSeries: options.maxSeries }),
      ...(options.collect === undefined ? {} : { collect: options.collect }),
    };
    switch (definition.type) {
      case "counter":
        this.core = new Counter(config);
        break;
      case "gauge":
        this.core = new Gauge(config);
        break;
      case "histogram":
        this.core = new Histogram({ ...config, buckets: definition.buckets ?? [] });
        break;
      default:
        throw new TradewatchError(
          "ERR_INVALID_CONFIG",
          `Unsupported catalog metric type "${definition.type}" for "${definition.name}"`,
        );
    }
  }

  /** Returns the handle of the metric's only series (no labels besides the constant ones). */
  handle0(): HandleOf<K> {
    if (this.unlabelled === undefined) this.unlabelled = this.bind([]);
    return this.unlabelled;
  }

  /** Returns the handle for one label value (raw: normalised on the first use). */
  handle1(a: unknown): HandleOf<K> {
    const hit = this.root.get(a);
    if (hit !== undefined) return hit as HandleOf<K>;
    const handle = this.bind([this.normalize[0]!(a)]);
    if (this.root.size < CACHE_LIMIT && isCacheKey(a)) this.root.set(a, handle);
    return handle;
  }

  /** Returns the handle for two label values. */
  handle2(a: unknown, b: unknown): HandleOf<K> {
    let level = this.root.get(a) as Level | undefined;
    const hit = level?.get(b);
    if (hit !== undefined) return hit as HandleOf<K>;
    const handle = this.bind([this.normalize[0]!(a), this.normalize[1]!(b)]);
    if (!isCacheKey(a) || !isCacheKey(b)) return handle;
    if (level === undefined && this.root.size < CACHE_LIMIT) {
      level = new Map();
      this.root.set(a, level);
    }
    if (level !== undefined && level.size < CACHE_LIMIT) level.set(b, handle);
    return handle;
  }

  /** Returns the handle for three label values. */
  handle3(a: unknown, b: unknown, c: unknown): HandleOf<K> {
    let first = this.root.get(a) as Level | undefined;
    let second = first?.get(b) as Level | undefined;
    const hit = second?.get(c);
    if (hit !== undefined) return hit as HandleOf<K>;
    const handle = this.bind([this.normalize[0]!(a), this.normalize[1]!(b), this.normalize[2]!(c)]);
    if (first === undefined && this.root.size < CACHE_LIMIT) {
      first = new Map();
      this.root.set(a, first);
    }
    if (first !== undefined && second === undefined && first.size < CACHE_LIMIT) {
      second = new Map();
      first.set(b, second);
    }
    if (second !== undefined && second.size < CACHE_LIMIT) second.set(c, handle);
    return handle;
  }

  /** Returns the handle for labels given by name (the generic API); every label is required. */
  handleOf(labels: GenericLabels | undefined): HandleOf<K> {
    const given = labels ?? noLabels;
    const names = this.labelNames;
    let count = 0;
    for (const name in given) {
      if (given[name] !== undefined) count++;
    }
    if (count === names.length) {
      switch (count) {
        case 0:
          return this.handle0();
        case 1: {
          const a = given[names[0]!];
          if (a !== undefined) return this.handle1(a);
          break;
        }
        case 2: {
          const a = given[names[0]!];
          const b = given[names[1]!];
          if (a !== undefined && b !== undefined) return this.handle2(a, b);
          break;
        }
        case 3: {
          const a = given[names[0]!];
          const b = given[names[1]!];
          const c = given[names[2]!];
          if (a !== undefined && b !== undefined && c !== undefined) return this.handle3(a, b, c);
          break;
        }
      }
    }
    throw this.labelError(given);
  }

  /** Returns the error that names what is wrong with labels given by name. */
  private labelError(given: GenericLabels): TradewatchError {
    const list = this.labelNames.join(", ") || "none";
    for (const name of Object.keys(given)) {
      if (!this.labelNames.includes(name)) {
        return new TradewatchError(
          "ERR_UNKNOWN_LABEL_NAME",
          `Unknown label "${name}" for metric "${this.definition.name}": its labels are ${list}`,
        );
      }
    }
    const missing = this.labelNames.find((name) => given[name] === undefined);
    return new TradewatchError(
      "ERR_LABEL_COUNT_MISMATCH",
      `Missing label "${missing}" for metric "${this.definition.name}": its labels are ${list}`,
    );
  }

  /** Creates, at zero, every series whose labels are all closed sets (at most `limit` of them). */
  zeroClosedSeries(limit: number): void {
    const sets = this.definition.labels.map((label) =>
      label.bound.kind === "universe" ? undefined : label.bound.values,
    );
    if (sets.length === 0 || sets.some((set) => set === undefined)) return;
    const total = sets.reduce((product, set) => product * set!.length, 1);
    if (total > limit) return;
    const combine = (prefix: string[], depth: number): void => {
      if (depth === sets.length) {
        this.handleOf(Object.fromEntries(prefix.map((value, i) => [this.labelNames[i]!, value])));
        return;
      }
      for (const value of sets[depth]!) combine([...prefix, value], depth + 1);
    };
    combine([], 0);
  }

  /** Binds the series of these normalised label values; the core child of the family's kind. */
  private bind(values: readonly string[]): HandleOf<K> {
    return this.core.labels(...this.constValues, ...values) as HandleOf<K>;
  }
}
