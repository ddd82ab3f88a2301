import { createServer } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as promClient from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { collectDefaultMetrics, type DefaultMetricsCollection } from "./default-metrics.js";
import { Registry, register } from "./registry.js";
import type { MetricObjectWithValues } from "./types.js";

const running: DefaultMetricsCollection[] = [];
afterEach(() => {
  for (const collection of running.splice(0)) collection.stop();
});

function start(registry: Registry, options: Parameters<typeof collectDefaultMetrics>[0] = {}) {
  const collection = collectDefaultMetrics({ register: registry, ...options });
  running.push(collection);
  return collection;
}

async function metricsByName(registry: Registry): Promise<Map<string, MetricObjectWithValues>> {
  const metrics = await registry.getMetricsAsJSON();
  return new Map(metrics.map((metric) => [metric.name, metric]));
}

/** Returns the value of the one sample of a metric whose labels include `labels`. */
function sampleValue(
  metrics: Map<string, MetricObjectWithValues>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const metric = metrics.get(name);
  const sample = metric?.values.find((value) =>
    Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return sample?.value;
}

const busyWait = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Block the event loop on purpose.
  }
};

describe("collectDefaultMetrics", () => {
  it("registers prom-client's default metric names, with no gauge named _total", async () => {
    const registry = new Registry();
    start(registry);
    const metrics = await metricsByName(registry);
    const expected = [
      "process_cpu_user_seconds_total",
      "process_cpu_system_seconds_total",
      "process_cpu_seconds_total",
      "process_start_time_seconds",
      "process_resident_memory_bytes",
      "process_virtual_memory_bytes",
      "process_heap_bytes",
      "process_open_fds",
      "process_max_fds",
      "nodejs_eventloop_lag_seconds",
      "nodejs_eventloop_lag_min_seconds",
      "nodejs_eventloop_lag_max_seconds",
      "nodejs_eventloop_lag_mean_seconds",
      "nodejs_eventloop_lag_stddev_seconds",
      "nodejs_eventloop_lag_p50_seconds",
      "nodejs_eventloop_lag_p90_seconds",
      "nodejs_eventloop_lag_p99_seconds",
      "nodejs_active_handles",
      "nodejs_active_requests",
      "nodejs_active_resources",
      "nodejs_heap_size_total_bytes",
      "nodejs_heap_size_used_bytes",
      "nodejs_external_memory_bytes",
      "nodejs_heap_space_size_total_bytes",
      "nodejs_heap_space_size_used_bytes",
      "nodejs_heap_space_size_available_bytes",
      "nodejs_version_info",
      "nodejs_gc_duration_seconds",
    ];
    expect([...metrics.keys()].sort()).toEqual([...expected].sort());
    for (const metric of metrics.values()) {
      expect(metric.name.endsWith("_total"), metric.name).toBe(metric.type === "counter");
    }
    expect(metrics.get("nodejs_gc_duration_seconds")?.type).toBe("histogram");
    expect(metrics.get("nodejs_active_handles")?.type).toBe("gauge");
  });

  it("keeps prom-client's names, types and label names, less its _total gauges", async () => {
    const theirs = new promClient.Registry();
    promClient.collectDefaultMetrics({ register: theirs });
    const ours = new Registry();
    start(ours);
    const shape = (metric: { name: string; type: unknown; values: { labels: object }[] }) =>
      `${metric.name} ${String(metric.type)} ${[...new Set(metric.values.flatMap((value) => Object.keys(value.labels)))].sort().join(",")}`;
    const theirShapes = (await theirs.getMetricsAsJSON())
      .filter((metric) => !(String(metric.type) === "gauge" && metric.name.endsWith("_total")))
      .map(shape)
      .sort();
    const ourShapes = (await ours.getMetricsAsJSON()).map(shape).sort();
    const ourNames = ourShapes.map((line) => line.split(" ")[0]);
    const theirNames = theirShapes.map((line) => line.split(" ")[0]);
    expect(ourNames).toEqual(theirNames);
    // Label names differ only where a family is still empty in one of the two.
    for (const line of ourShapes) {
      const [name, type, labels] = line.split(" ");
      const their = theirShapes.find((candidate) => candidate.split(" ")[0] === name)!.split(" ");
      expect(type, name).toBe(their[1]);
      if (labels !== "" && their[2] !== "") expect(labels, name).toBe(their[2]);
    }
  });

  it("reports the process's CPU time, memory, start time, file descriptors and version", async () => {
    const registry = new Registry();
    start(registry);
    busyWait(30);
    const before = process.cpuUsage();
    const metrics = await metricsByName(registry);
    const after = process.cpuUsage();

    const user = sampleValue(metrics, "process_cpu_user_seconds_total")!;
    const system = sampleValue(metrics, "process_cpu_system_seconds_total")!;
    expect(user).toBeGreaterThanOrEqual(before.user / 1e6);
    expect(user).toBeLessThanOrEqual(after.user / 1e6);
    expect(system).toBeGreaterThanOrEqual(before.system / 1e6);
    expect(sampleValue(metrics, "process_cpu_seconds_total")).toBeCloseTo(user + system, 6);

    const rss = process.memoryUsage().rss;
    const resident = sampleValue(metrics, "process_resident_memory_bytes")!;
    expect(resident).toBeGreaterThan(rss / 2);
    expect(resident).toBeLessThan(rss * 2);
    expect(sampleValue(metrics, "process_virtual_memory_bytes")).toBeGreaterThanOrEqual(resident);
    expect(sampleValue(metrics, "process_heap_bytes")).toBeGreaterThan(0);

    const started = Date.now() / 1000 - process.uptime();
    expect(Math.abs(sampleValue(metrics, "process_start_time_seconds")! - started)).toBeLessThan(1);

    const openFds = sampleValue(metrics, "process_open_fds")!;
    expect(openFds).toBeGreaterThanOrEqual(3);
    expect(sampleValue(metrics, "process_max_fds")).toBeGreaterThan(openFds);

    const heapUsed = sampleValue(metrics, "nodejs_heap_size_used_bytes")!;
    expect(heapUsed).toBeGreaterThan(0);
    expect(sampleValue(metrics, "nodejs_heap_size_total_bytes")).toBeGreaterThanOrEqual(heapUsed);
    expect(
      sampleValue(metrics, "nodejs_heap_space_size_used_bytes", { space: "old" }),
    ).toBeGreaterThan(0);

    const [major, minor, patch] = process.version.slice(1).split(".");
    expect(metrics.get("nodejs_version_info")?.values).toEqual([
      {
        value: 1,
        labels: { version: process.version, major, minor, patch },
      },
    ]);
  });

  it("counts CPU seconds without float noise", async () => {
    const registry = new Registry();
    start(registry);
    for (let scrape = 0; scrape < 3; scrape++) {
      busyWait(5);
      const text = await registry.metrics();
      const line = text
        .split("\n")
        .find((candidate) => candidate.startsWith("process_cpu_seconds_total "));
      // Microseconds divided once: at most six decimals.
      expect(line).toMatch(/^process_cpu_seconds_total \d+(\.\d{1,6})?$/);
    }
  });

  it("reports event-loop delay in seconds, reset at each scrape", async () => {
    const registry = new Registry();
    start(registry, { eventLoopMonitoringPrecision: 1 });
    await registry.getMetricsAsJSON();
    // Several timer turns, one of them blocked for 250 ms.
    await new Promise((resolve) => setTimeout(resolve, 20));
    busyWait(250);
    await new Promise((resolve) => setTimeout(resolve, 20));
    let metrics = await metricsByName(registry);
    const max = sampleValue(metrics, "nodejs_eventloop_lag_max_seconds")!;
    expect(max).toBeGreaterThanOrEqual(0.24);
    expect(max).toBeLessThan(10);
    const min = sampleValue(metrics, "nodejs_eventloop_lag_min_seconds")!;
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThanOrEqual(sampleValue(metrics, "nodejs_eventloop_lag_p50_seconds")!);
    expect(sampleValue(metrics, "nodejs_eventloop_lag_p99_seconds")).toBeLessThanOrEqual(max);
    expect(sampleValue(metrics, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);

    // The next interval has no long block: the max falls back.
    await new Promise((resolve) => setTimeout(resolve, 30));
    metrics = await metricsByName(registry);
    expect(sampleValue(metrics, "nodejs_eventloop_lag_max_seconds")).toBeLessThan(max);
  });

  it("observes garbage collections by kind in the GC duration histogram", async () => {
    const registry = new Registry();
    start(registry, { gcDurationBuckets: [0.0001, 0.5] });
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    gc();
    // PerformanceObserver delivers entries asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const metrics = await metricsByName(registry);
    const histogram = metrics.get("nodejs_gc_duration_seconds")!;
    const majorCount = histogram.values.find(
      (value) =>
        value.metricName === "nodejs_gc_duration_seconds_count" && value.labels.kind === "major",
    );
    expect(majorCount?.value).toBeGreaterThanOrEqual(2);
    const bounds = new Set(
      histogram.values
        .filter((value) => value.metricName?.endsWith("_bucket"))
        .map((value) => String(value.labels.le)),
    );
    expect([...bounds].sort()).toEqual(["+Inf", "0.0001", "0.5"]);
  });

  it("stops observing GC after stop()", async () => {
    const registry = new Registry();
    const collection = start(registry);
    const gc = runInNewContext("gc") as () => void;
    collection.stop();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const metrics = await metricsByName(registry);
    expect(
      metrics.get("nodejs_gc_duration_seconds")?.values.filter((value) => value.value > 0),
    ).toEqual([]);
  });

  it("counts active handles and resources by type, dropping types that are gone", async () => {
    const registry = new Registry();
    start(registry);
    const baseline = await metricsByName(registry);
    const serversBefore = sampleValue(baseline, "nodejs_active_handles", { type: "Server" }) ?? 0;
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    let metrics = await metricsByName(registry);
    expect(sampleValue(metrics, "nodejs_active_handles", { type: "Server" })).toBe(
      serversBefore + 1,
    );
    expect(
      sampleValue(metrics, "nodejs_active_resources", { type: "TCPServerWrap" }),
    ).toBeGreaterThanOrEqual(1);
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    // libuv closes the handle after the close callback has run.
    await new Promise((resolve) => setTimeout(resolve, 20));
    metrics = await metricsByName(registry);
    const serversAfter = sampleValue(metrics, "nodejs_active_handles", { type: "Server" });
    expect(serversAfter).toBe(serversBefore === 0 ? undefined : serversBefore);
  });

  it("prefixes every name and adds the constant labels to every series", async () => {
    const registry = new Registry();
    start(registry, { prefix: "bot_", labels: { bot: "paper-1", shard: 3 } });
    const metrics = await registry.getMetricsAsJSON();
    expect(metrics.length).toBeGreaterThan(20);
    for (const metric of metrics) {
      expect(metric.name.startsWith("bot_"), metric.name).toBe(true);
      for (const value of metric.values) {
        expect(value.labels, metric.name).toMatchObject({ bot: "paper-1", shard: 3 });
      }
    }
  });

  it("rejects invalid options with a clear error", () => {
    const registry = new Registry();
    expect(() =>
      collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 0 }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_INVALID_CONFIG",
        message: expect.stringContaining("eventLoopMonitoringPrecision 0"),
      }),
    );
    expect(() =>
      collectDefaultMetrics({ register: registry, labels: { bot: {} as unknown as string } }),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_INVALID_CONFIG",
        message: expect.stringContaining('"bot"'),
      }),
    );
    expect(() => collectDefaultMetrics(42 as never)).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_CONFIG" }),
    );
    expect(() => collectDefaultMetrics({ register: registry, prefix: "2fast_" })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_METRIC_NAME" }),
    );
  });

  it("rejects a constant label the collectors use themselves, before registering anything", async () => {
    const registry = new Registry();
    expect(() => collectDefaultMetrics({ register: registry, labels: { kind: "bot" } })).toThrow(
      expect.objectContaining({
        code: "ERR_INVALID_CONFIG",
        message: expect.stringContaining('label "kind"'),
      }),
    );
    expect(await registry.getMetricsAsJSON()).toEqual([]);
  });

  it("registers with the default register when none is given", async () => {
    register.clear();
    const collection = collectDefaultMetrics();
    running.push(collection);
    try {
      const names = (await register.getMetricsAsJSON()).map((metric) => metric.name);
      expect(names).toContain("process_cpu_seconds_total");
      expect(names).toContain("nodejs_gc_duration_seconds");
    } finally {
      register.clear();
    }
  });

  it("refuses to register the same metrics twice in one registry", () => {
    const registry = new Registry();
    start(registry);
    expect(() => start(registry)).toThrow(
      expect.objectContaining({ code: "ERR_DUPLICATE_METRIC" }),
    );
  });
});
