/** @module Per-space V8 heap gauges (new, old, code, large object, ...). */
import { getHeapSpaceStatistics } from "node:v8";
import { Gauge } from "../gauge.js";
import type { LabelValue } from "../types.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/**
 * Registers `nodejs_heap_space_size_total_bytes`, `nodejs_heap_space_size_used_bytes` and
 * `nodejs_heap_space_size_available_bytes`, one series per V8 heap space, labelled
 * `space` (`new`, `old`, `code`, `large_object`, ...).
 */
export const heapSpaces: DefaultCollector = (context: CollectorContext) => {
  const { prefix } = context;
  const labelNames = ["space", ...context.labelNames];
  const spaceLabels = new Map<string, Record<string, LabelValue>>();
  const labelsOf = (spaceName: string): Record<string, LabelValue> => {
    let labels = spaceLabels.get(spaceName);
    if (labels === undefined) {
      const end = spaceName.indexOf("_space");
      const space = end === -1 ? spaceName : spaceName.slice(0, end);
      labels = { space, ...context.labels };
      spaceLabels.set(spaceName, labels);
    }
    return labels;
  };
  const total = new Gauge({
    name: `${prefix}nodejs_heap_space_size_total_bytes`,
    help: "Process heap space size total from Node.js in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
    collect: () => {
      for (const space of getHeapSpaceStatistics()) {
        const labels = labelsOf(space.space_name);
        total.set(labels, space.space_size);
        used.set(labels, space.space_used_size);
        available.set(labels, space.space_available_size);
      }
    },
  });
  const used = new Gauge({
    name: `${prefix}nodejs_heap_space_size_used_bytes`,
    help: "Process heap space size used from Node.js in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  const available = new Gauge({
    name: `${prefix}nodejs_heap_space_size_available_bytes`,
    help: "Process heap space size available from Node.js in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  return undefined;
};
