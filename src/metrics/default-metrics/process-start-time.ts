/** @module The process start time gauge. */
import { Gauge } from "../gauge.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/** Unix time the process started, in seconds with millisecond precision. */
const startTimeSeconds = Math.round(Date.now() - process.uptime() * 1000) / 1000;

/** Registers `process_start_time_seconds`: when the process started, in Unix seconds. */
export const processStartTime: DefaultCollector = (context: CollectorContext) => {
  const gauge = new Gauge({
    name: `${context.prefix}process_start_time_seconds`,
    help: "Start time of the process since unix epoch in seconds.",
    labelNames: [...context.labelNames],
    unit: "seconds",
    aggregator: "omit",
    ...registersOption(context),
    collect: () => {
      gauge.set(context.labels, startTimeSeconds);
    },
  });
  return undefined;
};
