/** @module Garbage-collection duration histogram, by kind, from PerformanceObserver. */
import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { Histogram } from "../histogram.js";
import type { LabelValue } from "../types.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/** prom-client's GC duration buckets, in seconds. */
export const defaultGcDurationBuckets: readonly number[] = [0.001, 0.01, 0.1, 1, 2, 5];

const kinds = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, "major"],
  [constants.NODE_PERFORMANCE_GC_MINOR, "minor"],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, "incremental"],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, "weakcb"],
]);

/**
 * Registers `nodejs_gc_duration_seconds`, a histogram of garbage-collection pauses labelled
 * `kind` (`major`, `minor`, `incremental` or `weakcb`), fed by a `PerformanceObserver` on
 * `gc` entries. Buckets are `gcDurationBuckets` (prom-client's by default).
 */
export const gcDuration: DefaultCollector = (context: CollectorContext) => {
  const histogram = new Histogram({
    name: `${context.prefix}nodejs_gc_duration_seconds`,
    help: "Garbage collection duration by kind, one of major, minor, incremental or weakcb.",
    labelNames: ["kind", ...context.labelNames],
    buckets: [...context.gcDurationBuckets],
    unit: "seconds",
    ...registersOption(context),
  });
  // Label objects built once per kind: an observation allocates nothing of its own.
  const labelsByKind = new Map<number, Record<string, LabelValue>>();
  for (const [kind, name] of kinds) labelsByKind.set(kind, { kind: name, ...context.labels });

  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const labels = kind === undefined ? undefined : labelsByKind.get(kind);
      if (labels !== undefined) histogram.observe(labels, entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return () => observer.disconnect();
};
