/** @module Active libuv handles, requests and async resources, by type, as gauges. */
import { Gauge } from "../gauge.js";
import type { LabelValue } from "../types.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

/** The undocumented but long-standing process internals prom-client reads. */
interface ProcessInternals {
  _getActiveHandles?: () => unknown[];
  _getActiveRequests?: () => unknown[];
}

/** Counts the objects of a list by constructor name. */
function countByConstructor(list: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) {
    if (item === null || item === undefined) continue;
    const name = (item as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== "string" || name === "") continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** Counts a list of type names. */
function countNames(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/**
 * Registers gauges, one series per type, of what keeps the process alive:
 * `nodejs_active_handles` (libuv handles by class: `Socket`, `Server`, ...),
 * `nodejs_active_requests` (libuv requests by class) and `nodejs_active_resources`
 * (`process.getActiveResourcesInfo()`: `TCPWrap`, `Timeout`, `FSReqCallback`, ...).
 *
 * prom-client also exports `nodejs_active_handles_total` and friends: gauges named like
 * counters, which `promtool check metrics` rejects. Here the total is
 * `sum without (type) (nodejs_active_handles)`.
 */
export const activeResources: DefaultCollector = (context: CollectorContext) => {
  const internals = process as unknown as ProcessInternals;
  const labelNames = ["type", ...context.labelNames];
  const byType = (name: string, help: string, read: () => Map<string, number>) => {
    const gauge = new Gauge({
      name: `${context.prefix}${name}`,
      help,
      labelNames,
      ...registersOption(context),
      collect: () => {
        // Types that are gone since the last scrape disappear rather than stick at a stale count.
        gauge.reset();
        for (const [type, count] of read()) {
          const labels: Record<string, LabelValue> = { type, ...context.labels };
          gauge.set(labels, count);
        }
      },
    });
  };
  const getHandles = internals._getActiveHandles;
  if (typeof getHandles === "function") {
    byType(
      "nodejs_active_handles",
      "Number of active libuv handles grouped by handle type. Every handle type is C++ class name.",
      () => countByConstructor(getHandles.call(process)),
    );
  }
  const getRequests = internals._getActiveRequests;
  if (typeof getRequests === "function") {
    byType(
      "nodejs_active_requests",
      "Number of active libuv requests grouped by request type. Every request type is C++ class name.",
      () => countByConstructor(getRequests.call(process)),
    );
  }
  if (typeof process.getActiveResourcesInfo === "function") {
    byType(
      "nodejs_active_resources",
      "Number of active resources that are currently keeping the event loop alive, grouped by async resource type.",
      () => countNames(process.getActiveResourcesInfo()),
    );
  }
  return undefined;
};
