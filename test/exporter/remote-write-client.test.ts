/** @module The remote-write client against the real Prometheus with --web.enable-remote-write-receiver. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveMetricsConfig } from "../../src/exporter/metrics-config.js";
import { PushError } from "../../src/exporter/push-error.js";
import { snappyCompress } from "../../src/exporter/remote-write/snappy.js";
import { loadWriteRequestEncoder } from "../../src/exporter/remote-write/write-request.js";
import { RemoteWriteClient } from "../../src/exporter/remote-write-client.js";
import { startExporter } from "../../src/exporter/start-exporter.js";
import { Counter, Gauge, Histogram, Registry } from "../../src/metrics/index.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

describe("RemoteWriteClient against the real Prometheus", () => {
  let prometheus: PrometheusServer;
  beforeAll(async () => {
    prometheus = await startPrometheus({ extraArgs: ["--web.enable-remote-write-receiver"] });
  });
  afterAll(() => prometheus?.stop());

  const writeUrl = () => `${prometheus.url}/api/v1/write`;

  it("writes a registry snapshot: counters, gauges, histogram buckets and awkward label values", async () => {
    const registry = new Registry();
    const awkward = 'say "hi"\\ to BTC/USDT — ünïcode\nnext line';
    new Counter({
      name: "rw_orders_total",
      help: "Orders.",
      labelNames: ["side", "note"],
      registers: [registry],
    }).inc({ side: "buy", note: awkward }, 5);
    new Gauge({ name: "rw_equity_usd", help: "Equity.", registers: [registry] }).set(-1234.5);
    const latency = new Histogram({
      name: "rw_latency_seconds",
      help: "Latency.",
      buckets: [0.1, 0.5, 1],
      registers: [registry],
    });
    for (const value of [0.05, 0.2, 0.3, 0.7]) latency.observe(value);
    const client = new RemoteWriteClient({
      url: writeUrl(),
      registry,
      job: "remote-write-test",
      instance: "bot-1",
    });
    await client.write();

    const orders = await prometheus.waitForVector('rw_orders_total{job="remote-write-test"}');
    expect(orders).toHaveLength(1);
    expect(orders[0]?.metric).toEqual({
      __name__: "rw_orders_total",
      job: "remote-write-test",
      instance: "bot-1",
      side: "buy",
      note: awkward,
    });
    expect(orders[0]?.value[1]).toBe("5");
    const equity = await prometheus.waitForVector("rw_equity_usd");
    expect(equity[0]?.value[1]).toBe("-1234.5");
    const buckets = await prometheus.waitForVector("rw_latency_seconds_bucket");
    expect(
      Object.fromEntries(buckets.map((sample) => [sample.metric.le, sample.value[1]])),
    ).toEqual({ "0.1": "1", "0.5": "3", "1": "4", "+Inf": "4" });
    const count = await prometheus.waitForVector("rw_latency_seconds_count");
    expect(count[0]?.value[1]).toBe("4");
  });

  it("writes samples at the caller's timestamps (a backtest's simulated time)", async () => {
    const client = new RemoteWriteClient({ url: writeUrl(), externalLabels: { job: "backtest" } });
    const now = Math.floor(Date.now() / 1000) * 1000;
    const times = [now - 180_000, now - 120_000, now - 60_000];
    await client.writeSeries([
      {
        labels: { __name__: "backtest_equity_usd", strategy: "momentum" },
        samples: times.map((timestampMs, index) => ({ timestampMs, value: 10_000 + index * 250 })),
      },
    ]);
    for (const [index, timestampMs] of times.entries()) {
      const data = await prometheus.query(
        'backtest_equity_usd{job="backtest"}',
        timestampMs / 1000,
      );
      expect(data.resultType).toBe("vector");
      const result = data.result as readonly { value: readonly [number, string] }[];
      expect(result[0]?.value[1]).toBe(String(10_000 + index * 250));
    }
  });

  it("throws a PushError with the status when Prometheus refuses the write", async () => {
    const client = new RemoteWriteClient({ url: writeUrl() });
    const now = Date.now();
    await client.writeSeries([
      { labels: { __name__: "rw_ordered" }, samples: [{ timestampMs: now, value: 1 }] },
    ]);
    const error = await client
      .writeSeries([
        { labels: { __name__: "rw_ordered" }, samples: [{ timestampMs: now - 30_000, value: 2 }] },
      ])
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).status).toBe(400);
    expect((error as PushError).message).toContain("out of order");
  });

  it("writes periodically after start() until stop()", async () => {
    const registry = new Registry();
    const cycles = new Counter({ name: "rw_cycles_total", help: "Cycles.", registers: [registry] });
    cycles.inc(5);
    const client = new RemoteWriteClient({
      url: writeUrl(),
      registry,
      externalLabels: { job: "periodic" },
    });
    client.start(0.2);
    try {
      const first = await prometheus.waitForVector('rw_cycles_total{job="periodic"}');
      expect(first[0]?.value[1]).toBe("5");
      cycles.inc(2);
      const later = await prometheus.waitForVector(
        'rw_cycles_total{job="periodic"}',
        (result) => result[0]?.value[1] === "7",
      );
      expect(later[0]?.value[1]).toBe("7");
      expect(client.lastError).toBeUndefined();
    } finally {
      client.stop();
    }
  });

  it("starts from configuration: METRICS_REMOTE_WRITE_URL with the server disabled", async () => {
    const registry = new Registry();
    new Gauge({ name: "rw_configured_value", help: "Value.", registers: [registry] }).set(42);
    const config = resolveMetricsConfig(
      { metrics: { remote_write: { interval_seconds: 0.2 } } },
      { METRICS_ENABLED: "false", METRICS_REMOTE_WRITE_URL: writeUrl() },
    );
    const exporter = await startExporter(config, { registry });
    try {
      expect(exporter.server).toBeUndefined();
      const written = await prometheus.waitForVector("rw_configured_value");
      expect(written[0]?.value[1]).toBe("42");
      // Labelled as a scrape of this bot would be: the dashboards' and alerts' job.
      expect(written[0]?.metric).toEqual({
        __name__: "rw_configured_value",
        job: "tradewatch",
        instance: `${hostname()}:9100`,
      });
    } finally {
      await exporter.close();
    }
  });

  it("keeps two bots writing to one store apart: each has its own instance", async () => {
    const exporters = [];
    try {
      for (const [port, value] of [
        [9201, 1],
        [9202, 2],
      ] as const) {
        const registry = new Registry();
        new Gauge({ name: "rw_two_bots_nav", help: "NAV.", registers: [registry] }).set(value);
        const config = resolveMetricsConfig(
          { metrics: { remote_write: { interval_seconds: 0.2 } } },
          {
            METRICS_ENABLED: "false",
            METRICS_PORT: String(port),
            METRICS_REMOTE_WRITE_URL: writeUrl(),
          },
        );
        exporters.push(await startExporter(config, { registry }));
      }
      const both = await prometheus.waitForVector(
        'rw_two_bots_nav{job="tradewatch"}',
        (result) => result.length === 2,
      );
      expect(
        Object.fromEntries(both.map((sample) => [sample.metric.instance, sample.value[1]])),
      ).toEqual({ [`${hostname()}:9201`]: "1", [`${hostname()}:9202`]: "2" });
      const sum = await prometheus.query('sum(rw_two_bots_nav{job="tradewatch"})');
      expect(sum.resultType === "vector" && sum.result[0]?.value[1]).toBe("3");
    } finally {
      for (const exporter of exporters) await exporter.close();
    }
  });

  it("writes a large batch whole, encoding and compressing it in short turns of the event loop", async () => {
    // A backtest's batch at scale: 640 series of 300 samples (192 000 samples, 4.5 MB encoded).
    const now = Math.floor(Date.now() / 1000) * 1000;
    const series = Array.from({ length: 640 }, (_, index) => ({
      labels: {
        __name__: "rw_large_batch",
        series: String(index),
        side: index % 2 ? "buy" : "sell",
      },
      samples: Array.from({ length: 300 }, (_, step) => ({
        timestampMs: now - (300 - step) * 1000,
        value: index + step / 1000,
      })),
    }));
    // The longest stretch between two turns of the event loop until the request arrives at a
    // receiver in this process: encoded at once, it was the whole encoding and compression.
    let longest = 0;
    let last = 0;
    let counting = true;
    const tick = (): void => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (counting) setImmediate(tick);
    };
    let longestAtArrival = -1;
    const bodies: Buffer[] = [];
    const receiver = createServer((request, response) => {
      longestAtArrival = longest;
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        bodies.push(Buffer.concat(chunks));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const local = new RemoteWriteClient({
        url: `http://127.0.0.1:${port}/api/v1/write`,
        job: "rw-large",
        instance: "bt",
      });
      last = performance.now();
      setImmediate(tick);
      const started = performance.now();
      await local.writeSeries(series);
      const took = performance.now() - started;
      counting = false;
      console.log(
        `remote write of 192 000 samples: ${took.toFixed(0)} ms; before the request arrived, the event loop waited ${longestAtArrival.toFixed(0)} ms at most`,
      );
      // Budgets of 5 ms and a part; a pause of the whole machine (a loaded 2-core VM stalls
      // for up to ~100 ms) stays well under the whole encoding.
      expect(longestAtArrival).toBeGreaterThan(0);
      expect(longestAtArrival).toBeLessThan(took / 3);
      // Encoded and compressed in parts, the body is the one a single call writes.
      const labelled = series.map((one) => ({
        labels: { ...one.labels, job: "rw-large", instance: "bt" },
        samples: one.samples,
      }));
      const whole = snappyCompress((await loadWriteRequestEncoder())(labelled));
      expect(bodies[0]?.equals(whole)).toBe(true);
    } finally {
      receiver.close();
    }

    // And the real receiver takes it whole.
    await new RemoteWriteClient({ url: writeUrl(), job: "rw-large", instance: "bt" }).writeSeries(
      series,
    );
    const count = await prometheus.waitForVector('count(rw_large_batch{job="rw-large"})');
    expect(count[0]?.value[1]).toBe("640");
    const samples = await prometheus.query(
      'count_over_time(rw_large_batch{job="rw-large", series="639"}[10m])',
      now / 1000,
    );
    expect(samples.resultType === "vector" && samples.result[0]?.value[1]).toBe("300");
  });
});
