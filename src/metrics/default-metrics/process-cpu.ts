/** @module Process CPU time counters: user, system and their sum, in seconds. */
import { Counter } from "../counter.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/**
 * Registers `process_cpu_user_seconds_total`, `process_cpu_system_seconds_total` and
 * `process_cpu_seconds_total`: the CPU time `process.cpuUsage()` reports since the process
 * started, read at each scrape.
 */
export const processCpu: DefaultCollector = (context: CollectorContext) => {
  const { prefix, labels } = context;
  const labelNames = [...context.labelNames];
  const user = new Counter({
    name: `${prefix}process_cpu_user_seconds_total`,
    help: "Total user CPU time spent in seconds.",
    labelNames,
    unit: "seconds",
    ...registersOption(context),
    collect: () => {
      // CPU time since the process started, as the Go client reports it. A counter has no
      // set(): reset and inc to the exact total, rather than accumulate float deltas.
      const usage = process.cpuUsage();
      user.reset();
      system.reset();
      total.reset();
      user.inc(labels, usage.user / 1e6);
      system.inc(labels, usage.system / 1e6);
      total.inc(labels, (usage.user + usage.system) / 1e6);
    },
  });
  const system = new Counter({
    name: `${prefix}process_cpu_system_seconds_total`,
    help: "Total system CPU time spent in seconds.",
    labelNames,
    unit: "seconds",
    ...registersOption(context),
  });
  const total = new Counter({
    name: `${prefix}process_cpu_seconds_total`,
    help: "Total user and system CPU time spent in seconds.",
    labelNames,
    unit: "seconds",
    ...registersOption(context),
  });
  return undefined;
};
