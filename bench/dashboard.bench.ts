/**
 * @module Measures what the embedded dashboard costs the bot per second: one sample
 * (read the shown metrics, derive every panel, record the history) against reading the
 * whole registry with getMetricsAsJSON() (the naive way) and against one /metrics render;
 * and the history's footprint once full.
 */
import { createBot } from "../src/bot/bot.js";
import { instrumentBot } from "../src/bot/telemetry/instrument-bot.js";
import { BusActivity } from "../src/dashboard/events/bus-activity.js";
import { MetricHistory } from "../src/dashboard/history/metric-history.js";
import { DashboardSampler } from "../src/dashboard/sampling/dashboard-sampler.js";
import { collectDefaultMetrics } from "../src/metrics/default-metrics.js";
import { Registry } from "../src/metrics/index.js";
import { createRecorder } from "../src/recorder/index.js";
import { benchOnce, printTable } from "./harness.js";

const quick = process.env.BENCH_QUICK === "1";
const runs = quick ? 5 : 30;

// The registry of a paper bot that has traded for a while: every catalog metric, default
// process metrics, four symbols, both strategies.
const bot = await createBot({ cycleIntervalMs: 0, faults: { serverError: 0.02 } });
const registry = new Registry();
collectDefaultMetrics({ register: registry });
const recorder = createRecorder({ registry, symbols: bot.market.symbols });
instrumentBot(bot, recorder).start();
const history = new MetricHistory();
const sampler = new DashboardSampler({
  registry,
  namespace: recorder.namespace,
  history,
  activity: new BusActivity(bot.bus),
});
bot.start();
for (let cycle = 0; cycle < (quick ? 200 : 1000); cycle++) await bot.runCycle();

const SAMPLE = "dashboard sample";
const JSON_ALL = "getMetricsAsJSON only";
const RENDER = "/metrics render";
let clock = Date.now();
const sample = async () => {
  await sampler.sample();
};
const values: Record<string, number> = {
  [SAMPLE]: (await benchOnce(sample, { warmup: 3, runs })).nsPerOp / 1e6,
  [JSON_ALL]:
    (await benchOnce(() => registry.getMetricsAsJSON(), { warmup: 3, runs })).nsPerOp / 1e6,
  [RENDER]: (await benchOnce(() => registry.metrics(), { warmup: 3, runs })).nsPerOp / 1e6,
};
printTable({
  title: `Per-second cost of the dashboard, CPU ms (median of ${runs}); ${history.seriesCount} history series`,
  libraries: [SAMPLE, JSON_ALL, RENDER],
  unit: "ms",
  rows: [
    {
      name: "one sample",
      values,
      target: "<= 5 ms (0.5 % of a core at 1 Hz)",
      met: values[SAMPLE]! <= 5,
    },
  ],
});

// Fill every tier of a fresh history with a week of 1 Hz samples of the same series.
const keys = [...Array(history.seriesCount).keys()].map((index) => `series:${index}`);
const full = new MetricHistory();
globalThis.gc?.();
const before = process.memoryUsage();
for (let second = 0; second < 7 * 86_400; second += 1) {
  clock += 1000;
  full.record(
    clock,
    keys.map((key, index) => ({
      key,
      value: second * index,
      mode: index % 3 === 0 ? "last" : "mean",
    })),
  );
}
globalThis.gc?.();
const after = process.memoryUsage();
const bytes = after.arrayBuffers - before.arrayBuffers + (after.heapUsed - before.heapUsed);
printTable({
  title: `History after a simulated week at 1 Hz, ${keys.length} series`,
  libraries: ["history"],
  unit: "kB",
  rows: [
    {
      name: "retained (typed arrays + heap)",
      values: { history: bytes / 1024 },
      target: "<= 2 MB",
      met: bytes <= 2 * 1024 * 1024,
    },
    { name: "points held", values: { history: full.storedPoints } },
  ],
});
bot.dispose();
