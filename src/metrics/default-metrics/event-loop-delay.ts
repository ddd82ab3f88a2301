/** @module Event-loop delay gauges from perf_hooks.monitorEventLoopDelay, in seconds. */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Gauge } from "../gauge.js";
import { registersOption } from "./registers.js";
import type { CollectorContext, DefaultCollector } from "./types.js";

const nanosecondsPerSecond = 1e9;

/**
 * Registers `nodejs_eventloop_lag_seconds` (how late a `setImmediate` scheduled at scrape
 * time runs) and, from a `monitorEventLoopDelay` histogram sampled every
 * `eventLoopMonitoringPrecision` ms and reset at each scrape, the min, max, mean,
 * standard deviation and 50th/90th/99th percentiles of the delay since the previous
 * scrape: `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds`.
 */
export const eventLoopDelay: DefaultCollector = (context: CollectorContext) => {
  const { prefix, labels } = context;
  const labelNames = [...context.labelNames];
  const histogram = monitorEventLoopDelay({ resolution: context.eventLoopMonitoringPrecision });
  histogram.enable();

  const gauge = (name: string, help: string) =>
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames,
      unit: "seconds",
      ...registersOption(context),
    });

  const lag = new Gauge({
    name: `${prefix}nodejs_eventloop_lag_seconds`,
    help: "Lag of event loop in seconds.",
    labelNames,
    unit: "seconds",
    aggregator: "average",
    ...registersOption(context),
    // The first metric's collect updates all of them, as prom-client does.
    collect: () => {
      if (histogram.count > 0) {
        min.set(labels, histogram.min / nanosecondsPerSecond);
        max.set(labels, histogram.max / nanosecondsPerSecond);
        mean.set(labels, histogram.mean / nanosecondsPerSecond);
        stddev.set(labels, histogram.stddev / nanosecondsPerSecond);
        p50.set(labels, histogram.percentile(50) / nanosecondsPerSecond);
        p90.set(labels, histogram.percentile(90) / nanosecondsPerSecond);
        p99.set(labels, histogram.percentile(99) / nanosecondsPerSecond);
      }
      histogram.reset();
      const start = process.hrtime.bigint();
      return new Promise<void>((resolve) => {
        setImmediate(() => {
          lag.set(labels, Number(process.hrtime.bigint() - start) / nanosecondsPerSecond);
          resolve();
        });
      });
    },
  });
  const min = gauge("nodejs_eventloop_lag_min_seconds", "The minimum recorded event loop delay.");
  const max = gauge("nodejs_eventloop_lag_max_seconds", "The maximum recorded event loop delay.");
  const mean = gauge(
    "nodejs_eventloop_lag_mean_seconds",
    "The mean of the recorded event loop delays.",
  );
  const stddev = gauge(
    "nodejs_eventloop_lag_stddev_seconds",
    "The standard deviation of the recorded event loop delays.",
  );
  const p50 = gauge(
    "nodejs_eventloop_lag_p50_seconds",
    "The 50th percentile of the recorded event loop delays.",
  );
  const p90 = gauge(
    "nodejs_eventloop_lag_p90_seconds",
    "The 90th percentile of the recorded event loop delays.",
  );
  const p99 = gauge(
    "nodejs_eventloop_lag_p99_seconds",
    "The 99th percentile of the recorded event loop delays.",
  );
  return () => histogram.disable();
};
