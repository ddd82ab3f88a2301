/** @module Types shared by the default runtime-metric collectors. */
import type { Registry } from "../registry.js";
import type { LabelValue } from "../types.js";

/** What every collector needs: where to register, the name prefix and the constant labels. */
export interface CollectorContext {
  /** Registries to register with; `undefined` means the default `register`. */
  readonly registers: readonly Registry[] | undefined;
  /** Prepended to every metric name (e.g. `"bot_"`). */
  readonly prefix: string;
  /** Constant labels added to every series. */
  readonly labels: Readonly<Record<string, LabelValue>>;
  /** The names of {@link CollectorContext.labels}, in order. */
  readonly labelNames: readonly string[];
  /** Sampling resolution of `monitorEventLoopDelay`, in milliseconds. */
  readonly eventLoopMonitoringPrecision: number;
  /** Bucket upper bounds of the GC duration histogram, in seconds. */
  readonly gcDurationBuckets: readonly number[];
}

/** Stops whatever a collector runs in the background (observers, monitors). */
export type StopCollector = () => void;

/** Creates a collector's metrics; returns how to stop its background work, if it has any. */
export type DefaultCollector = (context: CollectorContext) => StopCollector | undefined;
