/** @module Process memory gauges: resident, virtual and data-segment (heap) size. */
import { readFileSync } from "node:fs";
import { Gauge } from "../gauge.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/** Reads `VmRSS`, `VmSize` and `VmData` (in bytes) from `/proc/self/status`, or undefined. */
function readProcStatus(): { rss: number; virtual: number; data: number } | undefined {
  let text: string;
  try {
    // procfs is served from kernel memory: a synchronous read does not block on a disk.
    text = readFileSync("/proc/self/status", "utf8");
  } catch {
    return undefined;
  }
  const kibibytes = (field: string): number => {
    const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, "m").exec(text);
    return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
  };
  return { rss: kibibytes("VmRSS"), virtual: kibibytes("VmSize"), data: kibibytes("VmData") };
}

/**
 * Registers `process_resident_memory_bytes` and, where `/proc/self/status` exists,
 * `process_virtual_memory_bytes` and `process_heap_bytes` (the data segment, `VmData`).
 */
export const processMemory: DefaultCollector = (context: CollectorContext) => {
  const { prefix, labels } = context;
  const labelNames = [...context.labelNames];
  if (readProcStatus() === undefined) {
    const resident = new Gauge({
      name: `${prefix}process_resident_memory_bytes`,
      help: "Resident memory size in bytes.",
      labelNames,
      unit: "bytes",
      ...registersOption(context),
      collect: () => {
        resident.set(labels, process.memoryUsage.rss());
      },
    });
    return undefined;
  }
  const resident = new Gauge({
    name: `${prefix}process_resident_memory_bytes`,
    help: "Resident memory size in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
    collect: () => {
      const status = readProcStatus();
      if (status === undefined) return;
      resident.set(labels, status.rss);
      virtual.set(labels, status.virtual);
      heap.set(labels, status.data);
    },
  });
  const virtual = new Gauge({
    name: `${prefix}process_virtual_memory_bytes`,
    help: "Virtual memory size in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  const heap = new Gauge({
    name: `${prefix}process_heap_bytes`,
    help: "Process heap (data segment) size in bytes.",
    labelNames,
    unit: "bytes",
    ...registersOption(context),
  });
  return undefined;
};
