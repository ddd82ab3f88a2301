/** @module Open and maximum file descriptor gauges, read from /proc. */
import { readdirSync, readFileSync } from "node:fs";
import { Gauge } from "../gauge.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/** Returns the soft limit on open files from `/proc/self/limits`, or undefined. */
function readMaxFds(): number | undefined {
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((candidate) => candidate.startsWith("Max open files"));
    const soft = line?.slice("Max open files".length).trim().split(/\s+/)[0];
    if (soft === undefined) return undefined;
    // "unlimited" has no number; Prometheus has +Inf for it.
    return soft === "unlimited" ? Number.POSITIVE_INFINITY : Number(soft);
  } catch {
    return undefined;
  }
}

/** Returns how many file descriptors the process has open, or undefined without /proc. */
function countOpenFds(): number | undefined {
  try {
    // readdirSync opens one descriptor of its own for the listing: do not count it.
    return readdirSync("/proc/self/fd").length - 1;
  } catch {
    return undefined;
  }
}

/**
 * Registers `process_open_fds` and `process_max_fds` where `/proc` provides them (Linux);
 * registers nothing elsewhere.
 */
export const processFileDescriptors: DefaultCollector = (context: CollectorContext) => {
  const { prefix, labels } = context;
  const labelNames = [...context.labelNames];
  if (countOpenFds() !== undefined) {
    const open = new Gauge({
      name: `${prefix}process_open_fds`,
      help: "Number of open file descriptors.",
      labelNames,
      ...registersOption(context),
      collect: () => {
        const count = countOpenFds();
        if (count !== undefined) open.set(labels, count);
      },
    });
  }
  const maxFds = readMaxFds();
  if (maxFds !== undefined) {
    const max = new Gauge({
      name: `${prefix}process_max_fds`,
      help: "Maximum number of open file descriptors.",
      labelNames,
      ...registersOption(context),
      collect: () => {
        max.set(labels, maxFds);
      },
    });
  }
  return undefined;
};
