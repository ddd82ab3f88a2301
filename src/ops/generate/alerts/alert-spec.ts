/** @module The shape of one alert of the bundle, and the context its expressions are written in (metric names, test selectors, scaled durations). */
import { fullMetricName } from "../../../catalog/index.js";
import type { AlertSeverity } from "../../../catalog/label-values.js";
import type { BundleOptions } from "../../types.js";
import type { TimeScale } from "./time-scale.js";

/** Input series of one promtool case: series selector (with labels) to its expanding notation (`0+1x10`). */
export type SeriesValues = Readonly<Record<string, string>>;

/** One promtool case: input series, when to evaluate, and the alerts expected then (none for a silent case). */
export interface AlertCase {
  /** What the case shows, written into the test file as a comment. */
  readonly name: string;
  /** Sample interval of the input series, e.g. `15s` or `1m`. */
  readonly interval: string;
  readonly series: SeriesValues;
  readonly evalTime: string;
  /** Each expected alert: its labels without `severity` and its value at `evalTime` (for the annotations). */
  readonly expect: readonly {
    readonly labels: Readonly<Record<string, string>>;
    readonly value: number;
  }[];
}

/** One alert: its rule, its words for the operator, and the cases that prove it fires and stays silent. */
export interface AlertSpec {
  readonly alert: string;
  readonly severity: AlertSeverity;
  /** The expression, its durations and time thresholds already scaled. */
  readonly expr: string;
  /** How long the condition must hold, already scaled; `0s` fires at once. */
  readonly for: string;
  /** Go template; `{{ $labels.x }}` and `{{ $value | printf "%.2f" }}` are rendered in the tests. */
  readonly summary: string;
  readonly description: string;
  /** What to do, step by step. */
  readonly runbook: readonly string[];
  /** A `tradewatch run` (or stack) command line that provokes it, or why none does. */
  readonly provoke: string;
  /** The seed alert this implements and what changed, for the runbook. */
  readonly seed: string;
  readonly fires: AlertCase;
  /** The nearby case where it stays silent; undefined only for the always-firing Watchdog. */
  readonly silent: AlertCase | undefined;
  /**
   * True when the expression selects the bot's own series, which the per-plane endpoints
   * re-export under another job: those get a `job` matcher so they alert once.
   */
  readonly botSeries: boolean;
}

/** What an alert group is written with: the bundle, its metric names, test selectors and the time scale. */
export interface AlertContext {
  readonly options: Pick<BundleOptions, "namespace" | "job" | "planeTargets">;
  readonly time: TimeScale;
  /** The catalog metric's full name in this namespace. */
  m(name: string): string;
  /** A test input selector of a catalog metric on the bot's target. */
  s(name: string, labels?: Readonly<Record<string, string>>): string;
  /** A test input selector of any series on the bot's target (labels override job and instance). */
  selector(name: string, labels?: Readonly<Record<string, string>>): string;
  /** The bot's target labels in expected alerts, plus `labels`. */
  target(labels?: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
}

/** The bot's instance in every promtool case. */
export const testInstance = "127.0.0.1:9100";

/** Returns the context alert groups are written in. */
export function alertContext(
  options: Pick<BundleOptions, "namespace" | "job" | "planeTargets">,
  time: TimeScale,
): AlertContext {
  const m = (name: string) => fullMetricName(name, options.namespace);
  const selector = (name: string, labels: Readonly<Record<string, string>> = {}) => {
    const all = { job: options.job, instance: testInstance, ...labels };
    const pairs = Object.entries(all).map(([label, value]) => `${label}="${value}"`);
    return `${name}{${pairs.join(", ")}}`;
  };
  return {
    options,
    time,
    m,
    selector,
    s: (name, labels = {}) => selector(m(name), labels),
    target: (labels = {}) => ({ job: options.job, instance: testInstance, ...labels }),
  };
}
