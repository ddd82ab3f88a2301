/**
 * @module Compares the metrics core with prom-client 15, @prometheus-io/client 0.16 and the
 * OpenTelemetry metrics SDK on the same work: record paths, rendering 100,000 series,
 * event-loop blocking during a render, and heap per counter series.
 */
import { availableParallelism, loadavg } from "node:os";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import * as promIo from "@prometheus-io/client";
import * as promClient from "prom-client";
import { Counter, Histogram, Registry } from "../src/metrics/index.js";
import {
  benchInterleaved,
  benchOnce,
  type ComparisonRow,
  cpuTimeNs,
  printTable,
} from "./harness.js";

const OURS = "tradewatch";
const PROM_CLIENT = "prom-client";
const PROM_IO = "@prometheus-io/client";
const OTEL = "opentelemetry";
const libraries = [OURS, PROM_CLIENT, PROM_IO, OTEL] as const;
type Library = (typeof libraries)[number];

const quick = process.env.BENCH_QUICK === "1";
const benchOptions = quick ? { warmupMs: 30, minRunMs: 20, runs: 3 } : {};

// Realistic cardinality: 2 sides x 50 symbols; 6 pipeline stages.
const sides = ["buy", "sell"];
const symbols = Array.from({ length: 50 }, (_, index) => `SYM${index}USDT`);
const stages = ["fetch", "signal", "risk", "submit", "fill", "persist"];
const ring = 1024;
const sideAt = Array.from({ length: ring }, (_, index) => sides[index & 1]!);
const symbolAt = Array.from({ length: ring }, (_, index) => symbols[(index >> 1) % 50]!);
const stageAt = Array.from({ length: ring }, (_, index) => stages[index % stages.length]!);
// Latencies from 0.2 ms to ~2 s, spread over the buckets.
const valueAt = Array.from({ length: ring }, (_, index) => 0.0002 * 1.009 ** index);
const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The record-path bodies of one library; each runs `n` operations in its own loop. */
interface RecordBodies {
  labelledInc(n: number): void;
  boundInc(n: number): void;
  boundObserve(n: number): void;
  labelledObserve(n: number): void;
}

// Each library gets its own copies of the loops so that no call site is shared (and made
// polymorphic) between libraries.
function oursRecord(): RecordBodies {
  const registry = new Registry();
  const orders = new Counter({
    name: "orders_total",
    help: "Orders.",
    labelNames: ["side", "symbol"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "latency_seconds",
    help: "Latency.",
    buckets,
    labelNames: ["stage"],
    registers: [registry],
  });
  const child = orders.labels("buy", "SYM7USDT");
  const boundLatency = latency.labels("submit");
  return {
    labelledInc(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        orders.inc({ side: sideAt[k]!, symbol: symbolAt[k]! });
      }
    },
    boundInc(n) {
      for (let i = 0; i < n; i++) child.inc();
    },
    boundObserve(n) {
      for (let i = 0; i < n; i++) boundLatency.observe(valueAt[i & (ring - 1)]!);
    },
    labelledObserve(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        latency.observe({ stage: stageAt[k]! }, valueAt[k]!);
      }
    },
  };
}

function promClientRecord(): RecordBodies {
  const registry = new promClient.Registry();
  const orders = new promClient.Counter({
    name: "orders_total",
    help: "Orders.",
    labelNames: ["side", "symbol"],
    registers: [registry],
  });
  const latency = new promClient.Histogram({
    name: "latency_seconds",
    help: "Latency.",
    buckets,
    labelNames: ["stage"],
    registers: [registry],
  });
  const child = orders.labels("buy", "SYM7USDT");
  const boundLatency = latency.labels("submit");
  return {
    labelledInc(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        orders.inc({ side: sideAt[k]!, symbol: symbolAt[k]! });
      }
    },
    boundInc(n) {
      for (let i = 0; i < n; i++) child.inc();
    },
    boundObserve(n) {
      for (let i = 0; i < n; i++) boundLatency.observe(valueAt[i & (ring - 1)]!);
    },
    labelledObserve(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        latency.observe({ stage: stageAt[k]! }, valueAt[k]!);
      }
    },
  };
}

function promIoRecord(): RecordBodies {
  const registry = new promIo.Registry();
  const orders = new promIo.Counter({
    name: "orders_total",
    help: "Orders.",
    labelNames: ["side", "symbol"],
    registers: [registry],
  });
  const latency = new promIo.Histogram({
    name: "latency_seconds",
    help: "Latency.",
    buckets,
    labelNames: ["stage"],
    registers: [registry],
  });
  const child = orders.labels("buy", "SYM7USDT");
  const boundLatency = latency.labels("submit");
  return {
    labelledInc(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        orders.inc({ side: sideAt[k]!, symbol: symbolAt[k]! });
      }
    },
    boundInc(n) {
      for (let i = 0; i < n; i++) child.inc();
    },
    boundObserve(n) {
      for (let i = 0; i < n; i++) boundLatency.observe(valueAt[i & (ring - 1)]!);
    },
    labelledObserve(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        latency.observe({ stage: stageAt[k]! }, valueAt[k]!);
      }
    },
  };
}

/**
 * A reader that exports nothing: the SDK aggregates, and `collect()` reads on demand. The
 * SDK's default cardinality limit (2,000 series per instrument, the rest folded into one
 * overflow series) is raised so that it keeps the same 100,000 series as the others.
 */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ cardinalitySelector: () => 200_000 });
  }

  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function otelRecord(): RecordBodies {
  const provider = new MeterProvider({ readers: [new OnDemandReader()] });
  const meter = provider.getMeter("bench");
  const orders = meter.createCounter("orders");
  const latency = meter.createHistogram("latency_seconds", {
    advice: { explicitBucketBoundaries: buckets },
  });
  // The JS SDK has no bound instruments: the "bound" cases pass pre-built attributes.
  const childAttributes = { side: "buy", symbol: "SYM7USDT" };
  const stageAttributes = { stage: "submit" };
  return {
    labelledInc(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        orders.add(1, { side: sideAt[k]!, symbol: symbolAt[k]! });
      }
    },
    boundInc(n) {
      for (let i = 0; i < n; i++) orders.add(1, childAttributes);
    },
    boundObserve(n) {
      for (let i = 0; i < n; i++) latency.record(valueAt[i & (ring - 1)]!, stageAttributes);
    },
    labelledObserve(n) {
      for (let i = 0; i < n; i++) {
        const k = i & (ring - 1);
        latency.record(valueAt[k]!, { stage: stageAt[k]! });
      }
    },
  };
}

const recordFactories: Record<Library, () => RecordBodies> = {
  [OURS]: oursRecord,
  [PROM_CLIENT]: promClientRecord,
  [PROM_IO]: promIoRecord,
  [OTEL]: otelRecord,
};

const recordCases = [
  { key: "labelledInc", name: "inc({side, symbol}) 2x50 series" },
  { key: "boundInc", name: "bound counter child.inc()" },
  { key: "boundObserve", name: "bound histogram observe(v)" },
  { key: "labelledObserve", name: "observe({stage}, v) 6 series" },
] as const;

const recordBodies = libraries.map((library) => [library, recordFactories[library]()] as const);
const recordResults: Record<string, Partial<Record<Library, number>>> = {};
for (const { key } of recordCases) {
  const bodies = Object.fromEntries(
    recordBodies.map(([library, all]) => [library, all[key]]),
  ) as Record<Library, (n: number) => void>;
  const measured = benchInterleaved(bodies, benchOptions);
  recordResults[key] = Object.fromEntries(
    libraries.map((library) => [library, measured[library].nsPerOp]),
  );
}

const fasterThan = (values: Partial<Record<Library, number>>, peer: Library, factor: number) => {
  const ours = values[OURS];
  const theirs = values[peer];
  return ours === undefined || theirs === undefined ? undefined : ours * factor <= theirs;
};
const atMost = (value: number | undefined, limit: number) =>
  value === undefined ? undefined : value <= limit;

const recordRows: ComparisonRow[] = recordCases.map(({ key, name }) => {
  const values = recordResults[key]!;
  switch (key) {
    case "boundInc":
      return { name, values, target: "<= 5 ns", met: atMost(values[OURS], 5) };
    case "boundObserve":
      return { name, values, target: "<= 20 ns", met: atMost(values[OURS], 20) };
    default:
      return {
        name,
        values,
        target: `>= 3x faster than ${PROM_IO}`,
        met: fasterThan(values, PROM_IO, 3),
      };
  }
});
const [load1 = 0] = loadavg();
process.stdout.write(
  `Node ${process.version}; load average ${load1.toFixed(1)} on ${availableParallelism()} CPUs. ` +
    "Times are CPU time of this process (wall time also counts other processes on a shared " +
    "machine); records are interleaved across libraries.\n\n",
);
printTable({
  title:
    "Record path (OpenTelemetry has no bound instruments: its bound rows pass pre-built attributes)",
  libraries,
  unit: "ns/op",
  rows: recordRows,
});

// ---- 100,000 counter series: render time, event-loop blocking, heap per series ----

const seriesCount = 100_000;
const renderSymbols = Array.from({ length: seriesCount / 2 }, (_, index) => `SYM${index}USDT`);

/** A library's 100k-series setup: fills a counter, returns how to render (or collect) it. */
type SeriesSetup = () => { render: () => Promise<unknown> };

const seriesSetups: Record<Library, SeriesSetup> = {
  [OURS]: () => {
    const registry = new Registry();
    const counter = new Counter({
      name: "fills_total",
      help: "Fills.",
      labelNames: ["symbol", "side"],
      registers: [registry],
      maxSeries: 200_000,
    });
    for (const symbol of renderSymbols) {
      counter.inc({ symbol, side: "buy" });
      counter.inc({ symbol, side: "sell" });
    }
    return { render: () => registry.metrics() };
  },
  [PROM_CLIENT]: () => {
    const registry = new promClient.Registry();
    const counter = new promClient.Counter({
      name: "fills_total",
      help: "Fills.",
      labelNames: ["symbol", "side"],
      registers: [registry],
    });
    for (const symbol of renderSymbols) {
      counter.inc({ symbol, side: "buy" });
      counter.inc({ symbol, side: "sell" });
    }
    return { render: () => registry.metrics() };
  },
  [PROM_IO]: () => {
    const registry = new promIo.Registry();
    const counter = new promIo.Counter({
      name: "fills_total",
      help: "Fills.",
      labelNames: ["symbol", "side"],
      registers: [registry],
    });
    for (const symbol of renderSymbols) {
      counter.inc({ symbol, side: "buy" });
      counter.inc({ symbol, side: "sell" });
    }
    return { render: () => registry.metrics() };
  },
  [OTEL]: () => {
    const reader = new OnDemandReader();
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter("bench").createCounter("fills");
    for (const symbol of renderSymbols) {
      counter.add(1, { symbol, side: "buy" });
      counter.add(1, { symbol, side: "sell" });
    }
    // No Prometheus text exporter is installed: this times the SDK's collection only.
    return { render: () => reader.collect() };
  },
};

/**
 * Runs `operation` with a 1 ms interval timer alongside and returns the longest gap between
 * two ticks: in wall-clock ms, and in CPU ms of this process during the gap (capped at the
 * wall gap), which leaves out time the OS gave to other processes on a shared machine.
 */
async function longestBlock(
  operation: () => Promise<unknown>,
): Promise<{ wallMs: number; cpuMs: number }> {
  let wallMs = 0;
  let cpuMs = 0;
  let lastWall = performance.now();
  let lastCpu = cpuTimeNs();
  const timer = setInterval(() => {
    const wall = performance.now();
    const cpu = cpuTimeNs();
    wallMs = Math.max(wallMs, wall - lastWall);
    cpuMs = Math.max(cpuMs, Math.min(wall - lastWall, (cpu - lastCpu) / 1e6));
    lastWall = wall;
    lastCpu = cpu;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  wallMs = 0;
  cpuMs = 0;
  await operation();
  // Let the interval observe the end of the last synchronous stretch.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(timer);
  return { wallMs, cpuMs };
}

const gc = (globalThis as { gc?: () => void }).gc;
const collectGarbage = () => {
  gc?.();
  gc?.();
};

/**
 * Builds one library's 100k series, measuring the heap they take, then times renders and
 * the longest event-loop block during one. A function of its own so that nothing of one
 * library is still referenced while the next one is measured.
 */
async function measureSeries(library: Library) {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const setup = seriesSetups[library]();
  collectGarbage();
  const bytesPerSeries =
    gc === undefined ? undefined : (process.memoryUsage().heapUsed - before) / seriesCount;
  const output = await setup.render();
  if (typeof output === "string") {
    const lines = output.split("\n").filter((line) => line.startsWith("fills_total{")).length;
    if (lines !== seriesCount) {
      throw new Error(`${library} rendered ${lines} series, expected ${seriesCount}`);
    }
  }
  const renderMs =
    (await benchOnce(setup.render, { warmup: 1, runs: quick ? 2 : 5 })).nsPerOp / 1e6;
  const renderWallMs =
    (await benchOnce(setup.render, { warmup: 0, runs: quick ? 2 : 3, clock: "wall" })).nsPerOp /
    1e6;
  const block = await longestBlock(setup.render);
  return { bytesPerSeries, renderMs, renderWallMs, block };
}

const renderMs: Partial<Record<Library, number>> = {};
const renderWallMs: Partial<Record<Library, number>> = {};
const blockCpuMs: Partial<Record<Library, number>> = {};
const blockWallMs: Partial<Record<Library, number>> = {};
const bytesPerSeries: Partial<Record<Library, number>> = {};
for (const library of libraries) {
  const measured = await measureSeries(library);
  renderMs[library] = measured.renderMs;
  renderWallMs[library] = measured.renderWallMs;
  blockCpuMs[library] = measured.block.cpuMs;
  blockWallMs[library] = measured.block.wallMs;
  if (measured.bytesPerSeries !== undefined) bytesPerSeries[library] = measured.bytesPerSeries;
}

printTable({
  title: `Render ${seriesCount.toLocaleString("en-US")} counter series, text format 0.0.4 (OpenTelemetry: collect() only, no text)`,
  libraries,
  unit: "ms",
  rows: [
    {
      name: "render time, CPU (median)",
      values: renderMs,
      target: `>= 3x faster than ${PROM_IO}`,
      met: fasterThan(renderMs, PROM_IO, 3),
    },
    { name: "render time, wall clock (median)", values: renderWallMs },
    {
      name: "longest event-loop block, CPU",
      values: blockCpuMs,
      target: "<= 50 ms",
      met: atMost(blockCpuMs[OURS], 50),
    },
    { name: "longest event-loop block, wall clock", values: blockWallMs },
  ],
});

printTable({
  title:
    gc === undefined
      ? "Heap per counter series: skipped (run with node --expose-gc, as `npm run bench` does)"
      : `Heap per counter series (${seriesCount.toLocaleString("en-US")} series, after gc)`,
  libraries,
  unit: "B/series",
  rows:
    gc === undefined
      ? []
      : [
          {
            name: "heap bytes per series",
            values: bytesPerSeries,
            target: "<= 120 B",
            met: atMost(bytesPerSeries[OURS], 120),
          },
        ],
});
