/** @module The Node.js version info gauge. */
import { Gauge } from "../gauge.js";
import type { LabelValue } from "../types.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/**
 * Registers `nodejs_version_info`, always 1, labelled with the running Node.js `version`
 * (`v20.11.1`) and its `major`, `minor` and `patch` numbers.
 */
export const nodeVersion: DefaultCollector = (context: CollectorContext) => {
  const [major = "", minor = "", patch = ""] = process.version.slice(1).split(".");
  const labels: Record<string, LabelValue> = {
    version: process.version,
    major,
    minor,
    patch,
    ...context.labels,
  };
  const gauge = new Gauge({
    name: `${context.prefix}nodejs_version_info`,
    help: "Node.js version info.",
    labelNames: ["version", "major", "minor", "patch", ...context.labelNames],
    aggregator: "first",
    ...registersOption(context),
    // Set at each scrape so the series survives a registry reset.
    collect: () => {
      gauge.set(labels, 1);
    },
  });
  return undefined;
};
