/** @module V8 heap total/used and external memory gauges. */
import { Gauge } from "../gauge.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/**
 * Registers `nodejs_heap_size_total_bytes`, `nodejs_heap_size_used_bytes` and
 * `nodejs_external_memory_bytes` from `process.memoryUsage()`.
 */
export const heapSize: DefaultCollector = (context: CollectorContext) => {
  const { prefix, labels } = context;
  const labelNames = [...context.labelNames];
  const total = new Gauge({
    name: `${prefix}nodejs_heap_size_total_bytes`,
    help: "Process heap size from Node.js in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
    collect: () => {
      const usage = process.memoryUsage();
      total.set(labels, usage.heapTotal);
      used.set(labels, usage.heapUsed);
      external.set(labels, usage.external);
    },
  });
  const used = new Gauge({
    name: `${prefix}nodejs_heap_size_used_bytes`,
    help: "Process heap size used from Node.js in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  const external = new Gauge({
    name: `${prefix}nodejs_external_memory_bytes`,
    help: "Node.js external memory size in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  return undefined;
};
