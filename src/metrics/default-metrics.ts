/** @module collectDefaultMetrics(): the process and Node.js runtime metrics, prom-client style. */
import { activeResources } from "./default-metrics/active-resources.js";
import { eventLoopDelay } from "./default-metrics/event-loop-delay.js";
import { defaultGcDurationBuckets, gcDuration } from "./default-metrics/gc-duration.js";
import { heapSize } from "./default-metrics/heap-size.js";
import { heapSpaces } from "./default-metrics/heap-spaces.js";
import { nodeVersion } from "./default-metrics/node-version.js";
import { processCpu } from "./default-metrics/process-cpu.js";
import { processFileDescriptors } from "./default-metrics/process-file-descriptors.js";
import { processMemory } from "./default-metrics/process-memory.js";
import { processStartTime } from "./default-metrics/process-start-time.js";
import type { CollectorContext, DefaultCollector, StopCollector } from "./default-metrics/types.js";
import { MetricDefinitionError } from "./errors.js";
import type { Registry } from "./registry.js";
import type { LabelValue } from "./types.js";

/** The options of {@link collectDefaultMetrics}, named as prom-client names them. */
export interface DefaultMetricsCollectorConfiguration {
  /** The registry to register with; the default `register` when omitted. */
  register?: Registry | undefined;
  /** Prepended to every metric name, e.g. `"bot_"` gives `bot_process_cpu_seconds_total`. */
  prefix?: string | undefined;
  /** Constant labels added to every series, e.g. `{ instance_role: "primary" }`. */
  labels?: Readonly<Record<string, LabelValue>> | undefined;
  /** Sampling resolution of the event-loop delay monitor, in milliseconds (default 10). */
  eventLoopMonitoringPrecision?: number | undefined;
  /** Bucket upper bounds of `nodejs_gc_duration_seconds`, in seconds. */
  gcDurationBuckets?: readonly number[] | undefined;
}

/** What {@link collectDefaultMetrics} returns: prom-client returns nothing, so ignoring it is fine. */
export interface DefaultMetricsCollection {
  /**
   * Stops the background observers (the event-loop delay monitor and the GC observer).
   * The metrics stay registered; remove them from the registry to drop them.
   */
  stop(): void;
}

/** The collectors, in the order their metrics are registered and rendered. */
const collectors: readonly DefaultCollector[] = [
  processCpu,
  processStartTime,
  processMemory,
  processFileDescriptors,
  eventLoopDelay,
  activeResources,
  heapSize,
  heapSpaces,
  nodeVersion,
  gcDuration,
];

/** Label names the collectors set themselves; constant labels may not reuse them. */
const collectorLabelNames: readonly string[] = [
  "type",
  "space",
  "kind",
  "version",
  "major",
  "minor",
  "patch",
];

const invalid = (message: string) =>
  new MetricDefinitionError("ERR_INVALID_CONFIG", "collectDefaultMetrics", message);

/**
 * Registers the process and Node.js runtime metrics prom-client's `collectDefaultMetrics`
 * registers, under the same names, except that the `_total`-suffixed gauges
 * (`nodejs_active_handles_total`, ...) are left out so that every name passes
 * `promtool check metrics` without a warning: sum the by-type gauges instead.
 *
 * - `process_cpu_user_seconds_total`, `process_cpu_system_seconds_total`,
 *   `process_cpu_seconds_total` (counters)
 * - `process_start_time_seconds`, `process_resident_memory_bytes`, and on Linux
 *   `process_virtual_memory_bytes`, `process_heap_bytes`, `process_open_fds`, `process_max_fds`
 * - `nodejs_eventloop_lag_seconds` and `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`
 * - `nodejs_active_handles`, `nodejs_active_requests`, `nodejs_active_resources` (by `type`)
 * - `nodejs_heap_size_total_bytes`, `nodejs_heap_size_used_bytes`, `nodejs_external_memory_bytes`
 * - `nodejs_heap_space_size_{total,used,available}_bytes` (by `space`)
 * - `nodejs_version_info` (by `version`, `major`, `minor`, `patch`)
 * - `nodejs_gc_duration_seconds` (histogram by `kind`)
 *
 * Values are read in each metric's `collect` callback at scrape time; the event-loop delay
 * and GC observers run in the background until {@link DefaultMetricsCollection.stop}.
 *
 * @example
 * const registry = new Registry();
 * collectDefaultMetrics({ register: registry, prefix: "bot_" });
 * console.log(await registry.metrics());
 */
export function collectDefaultMetrics(
  config: DefaultMetricsCollectorConfiguration = {},
): DefaultMetricsCollection {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw invalid(`Invalid default metrics configuration ${String(config)}: must be an object`);
  }
  const prefix = config.prefix ?? "";
  if (typeof prefix !== "string") {
    throw invalid(`Invalid default metrics prefix ${String(prefix)}: must be a string`);
  }
  const labels = { ...config.labels };
  for (const [name, value] of Object.entries(labels)) {
    if (typeof value !== "string" && typeof value !== "number") {
      throw invalid(
        `Invalid value ${String(value)} of default metrics label "${name}": must be a string or a number`,
      );
    }
  }
  for (const name of Object.keys(labels)) {
    if (collectorLabelNames.includes(name)) {
      throw invalid(
        `Invalid default metrics label "${name}": the default metrics use it (${collectorLabelNames.join(", ")})`,
      );
    }
  }
  const precision = config.eventLoopMonitoringPrecision ?? 10;
  if (!Number.isInteger(precision) || precision < 1) {
    throw invalid(
      `Invalid eventLoopMonitoringPrecision ${String(precision)}: must be a whole number of milliseconds >= 1`,
    );
  }
  const context: CollectorContext = {
    registers: config.register === undefined ? undefined : [config.register],
    prefix,
    labels,
    labelNames: Object.keys(labels),
    eventLoopMonitoringPrecision: precision,
    gcDurationBuckets: config.gcDurationBuckets ?? defaultGcDurationBuckets,
  };
  const stops: StopCollector[] = [];
  try {
    for (const collector of collectors) {
      const stop = collector(context);
      if (stop !== undefined) stops.push(stop);
    }
  } catch (error) {
    for (const stop of stops) stop();
    throw error;
  }
  return {
    stop() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}
