/** @module InfluxWriter against the real InfluxDB 1.x (read back through InfluxQL), the 2.x write API as VictoriaMetrics serves it, and a receiver that fails: retry with backoff, a bounded buffer and the dropped points counted. */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfluxWriter } from "../../src/exporter/influx/influx-writer.js";
import { PushError } from "../../src/exporter/push-error.js";
import { Counter, Gauge, Histogram, Registry } from "../../src/metrics/index.js";
import { freePort } from "../support/free-port.js";
import { type InfluxDbServer, startInfluxDb } from "../support/influxdb.js";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "../support/victoria-metrics.js";

/** A registry with a counter (awkward label value), a gauge and a histogram. */
function botRegistry(): { registry: Registry; awkward: string } {
  const registry = new Registry();
  const awkward = 'say "hi", x=1 to BTC/USDT — ünïcode\nnext line';
  new Counter({
    name: "tw_orders_total",
    help: "Orders.",
    labelNames: ["side", "note"],
    registers: [registry],
  }).inc({ side: "buy", note: awkward }, 5);
  new Gauge({ name: "tw_equity_usd", help: "Equity.", registers: [registry] }).set(-1234.5);
  const latency = new Histogram({
    name: "tw_latency_seconds",
    help: "Latency.",
    buckets: [0.1, 0.5, 1],
    registers: [registry],
  });
  for (const value of [0.05, 0.2, 0.3, 0.7]) latency.observe(value);
  return { registry, awkward };
}

describe("InfluxWriter against the real InfluxDB 1.x", () => {
  let influx: InfluxDbServer;
  beforeAll(async () => {
    influx = await startInfluxDb();
    await influx.query("CREATE DATABASE tradewatch");
  }, 60_000);
  afterAll(() => influx?.stop());

  it("writes the registry to /write and InfluxQL reads it back: values, tags, buckets, time", async () => {
    const { registry, awkward } = botRegistry();
    const writer = new InfluxWriter({
      target: { version: 1, url: influx.url, database: "tradewatch" },
      registry,
      tags: { job: "tradewatch", instance: "bot-1" },
    });
    const at = Date.UTC(2024, 2, 1, 12, 0, 0);
    await writer.writeRegistry(at);
    expect(writer.buffered).toBe(0);

    const [orders] = await influx.query(
      'SELECT "value" FROM "tw_orders_total" GROUP BY *',
      "tradewatch",
    );
    expect(orders?.tags).toEqual({
      job: "tradewatch",
      instance: "bot-1",
      side: "buy",
      // A newline cannot be stored in a tag value: it becomes a space.
      note: awkward.replace("\n", " "),
    });
    expect(orders?.values).toEqual([["2024-03-01T12:00:00Z", 5]]);

    const [equity] = await influx.query('SELECT "value" FROM "tw_equity_usd"', "tradewatch");
    expect(equity?.values[0]?.[1]).toBe(-1234.5);

    const buckets = await influx.query(
      'SELECT last("value") FROM "tw_latency_seconds_bucket" GROUP BY "le"',
      "tradewatch",
    );
    expect(
      Object.fromEntries(buckets.map((series) => [series.tags?.le, series.values[0]?.[1]])),
    ).toEqual({ "0.1": 1, "0.5": 3, "1": 4, "+Inf": 4 });
    // The writer's own counter is a series too, and nothing was dropped.
    expect(
      await registry.getSingleMetricAsString("tradewatch_influx_dropped_points_total"),
    ).not.toMatch(/_total\{[^}]*\} [1-9]/);
  });

  it("writes trade events as points with their own times, in batches", async () => {
    const registry = new Registry();
    const writer = new InfluxWriter({
      target: { version: 1, url: influx.url, database: "tradewatch" },
      registry,
      batchSize: 100,
    });
    const start = Date.UTC(2024, 0, 1);
    writer.add(
      Array.from({ length: 1_000 }, (_, index) => ({
        measurement: "tw_fills",
        tags: { symbol: index % 2 === 0 ? "BTC/USD" : "ETH/USD", side: "buy" },
        fields: { price: 40_000 + index, quantity: 0.01 },
        timestampMs: start + index * 60_000,
      })),
    );
    await writer.flush();
    expect(writer.written).toBe(1_000);
    const counts = await influx.query(
      'SELECT count("price") FROM "tw_fills" GROUP BY "symbol"',
      "tradewatch",
    );
    expect(counts.map((series) => [series.tags?.symbol, series.values[0]?.[1]])).toEqual([
      ["BTC/USD", 500],
      ["ETH/USD", 500],
    ]);
  });

  it("drops a batch InfluxDB refuses (unknown database) and counts it", async () => {
    const registry = new Registry();
    const writer = new InfluxWriter({
      target: { version: 1, url: influx.url, database: "missing" },
      registry,
      retryBaseMs: 10,
    });
    writer.add([{ measurement: "x", fields: { value: 1 }, timestampMs: Date.now() }]);
    await expect(writer.flush()).rejects.toThrow(/InfluxDB write to ".*\/write" was refused: 404/);
    expect(writer.buffered).toBe(0);
    expect(
      await registry.getSingleMetricAsString("tradewatch_influx_dropped_points_total"),
    ).toContain('tradewatch_influx_dropped_points_total{reason="rejected"} 1');
  });
});

describe("InfluxWriter to the 2.x write API (/api/v2/write, as VictoriaMetrics serves it)", () => {
  let vm: VictoriaMetricsServer;
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  }, 60_000);
  afterAll(() => vm?.stop());

  it("writes the registry with token, org and bucket; the samples are queryable", async () => {
    const { registry } = botRegistry();
    const writer = new InfluxWriter({
      target: { version: 2, url: vm.url, token: "t0ken", org: "desk", bucket: "bots" },
      registry,
      tags: { job: "tradewatch", instance: "bot-2" },
    });
    const at = Date.UTC(2024, 2, 1, 12, 0, 0);
    await writer.writeRegistry(at);
    await vm.flush();
    // VictoriaMetrics names an Influx field `<measurement>_<field>`.
    const result = await vm.query('tw_equity_usd_value{instance="bot-2"}', at / 1000);
    expect(result.resultType === "vector" && result.result[0]?.value[1]).toBe("-1234.5");
  });
});

describe("InfluxWriter when InfluxDB fails", () => {
  let server: Server;
  let url: string;
  let failuresLeft = 0;
  const requests: number[] = [];
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = createServer((req, res) => {
      requests.push(performance.now());
      req.resume();
      req.on("end", () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end("overloaded");
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("retries a 503 with growing delays, then succeeds", async () => {
    failuresLeft = 3;
    requests.length = 0;
    const writer = new InfluxWriter({
      target: { version: 1, url, database: "db" },
      registry: new Registry(),
      retryBaseMs: 40,
    });
    writer.add([{ measurement: "x", fields: { value: 1 }, timestampMs: 1 }]);
    await writer.flush();
    expect(requests).toHaveLength(4);
    const gaps = requests.slice(1).map((time, index) => time - requests[index]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(writer.written).toBe(1);
  });

  it("keeps what it could not write within a bounded buffer, dropping the oldest and counting them", async () => {
    failuresLeft = 1_000;
    const registry = new Registry();
    const writer = new InfluxWriter({
      target: { version: 1, url, database: "db" },
      registry,
      maxRetries: 1,
      retryBaseMs: 5,
      maxBufferedPoints: 50,
    });
    const point = (index: number) => ({
      measurement: "x",
      fields: { value: index },
      timestampMs: index,
    });
    writer.add(Array.from({ length: 30 }, (_, index) => point(index)));
    const error = await writer.flush().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PushError);
    expect((error as PushError).status).toBe(503);
    expect(writer.buffered).toBe(30);
    writer.add(Array.from({ length: 30 }, (_, index) => point(30 + index)));
    expect(writer.buffered).toBe(50);
    expect(
      await registry.getSingleMetricAsString("tradewatch_influx_dropped_points_total"),
    ).toContain('tradewatch_influx_dropped_points_total{reason="buffer_full"} 10');
    failuresLeft = 0;
    await writer.flush();
    expect(writer.written).toBe(50);
  });
});
