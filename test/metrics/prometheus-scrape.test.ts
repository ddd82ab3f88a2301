/**
 * The real Prometheus scrapes a test exporter serving one of our registries, once with
 * content negotiation (Prometheus asks for OpenMetrics first) and once forced to the text
 * format 0.0.4, and we read the data back through its HTTP API.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectDefaultMetrics,
  type DefaultMetricsCollection,
} from "../../src/metrics/default-metrics.js";
import {
  Counter,
  Gauge,
  Histogram,
  negotiateExposition,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
} from "../../src/metrics/index.js";
import { freePort } from "../support/free-port.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

/** A label value with a quote, a backslash and a newline. */
const trickyValue = 'say "hi" \\ then\nnew line';

/** Histogram observations per bucket: 10 in (0,0.1], 30 in (0.1,0.2], 40 in (0.2,0.4], 20 in (0.4,0.8]. */
const observations = [
  ...Array.from({ length: 10 }, () => 0.05),
  ...Array.from({ length: 30 }, () => 0.15),
  ...Array.from({ length: 40 }, () => 0.3),
  ...Array.from({ length: 20 }, () => 0.6),
];
// The 90th of 100 observations is the 10th of the 20 in (0.4, 0.8]: 0.4 + 0.4 * 10/20.
const expectedP90 = 0.6;

interface ScrapeRecord {
  readonly url: string;
  readonly accept: string;
  readonly contentType: string;
}

let exporter: Server;
let defaultMetrics: DefaultMetricsCollection | undefined;
let prometheus: PrometheusServer;
const scrapes: ScrapeRecord[] = [];

beforeAll(async () => {
  const registry = new Registry();
  const orders = new Counter({
    name: "orders_total",
    help: "Orders submitted.",
    labelNames: ["side"],
    registers: [registry],
  });
  orders.inc({ side: "buy" }, 42);
  orders.labels("sell").inc(7);
  const latency = new Histogram({
    name: "order_latency_seconds",
    help: "Order submission latency.",
    buckets: [0.1, 0.2, 0.4, 0.8],
    unit: "seconds",
    registers: [registry],
  });
  for (const value of observations) latency.observe(value);
  const tricky = new Gauge({
    name: "label_round_trip",
    help: "A series whose label value needs escaping.",
    labelNames: ["value"],
    registers: [registry],
  });
  tricky.set({ value: trickyValue }, 1);
  defaultMetrics = collectDefaultMetrics({ register: registry });

  exporter = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    const negotiated =
      url.searchParams.get("format") === "prometheus"
        ? { format: "prometheus" as const, contentType: PROMETHEUS_CONTENT_TYPE }
        : negotiateExposition(request.headers.accept);
    scrapes.push({
      url: request.url ?? "",
      accept: request.headers.accept ?? "",
      contentType: negotiated.contentType,
    });
    registry.render(negotiated.format).then(
      (body) => response.writeHead(200, { "Content-Type": negotiated.contentType }).end(body),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  const port = await freePort();
  await new Promise<void>((resolve) => exporter.listen(port, "127.0.0.1", resolve));

  prometheus = await startPrometheus({
    scrapeConfigs: [
      {
        job_name: "negotiated",
        static_configs: [{ targets: [`127.0.0.1:${port}`] }],
      },
      {
        job_name: "text",
        params: { format: ["prometheus"] },
        static_configs: [{ targets: [`127.0.0.1:${port}`] }],
      },
    ],
  });
  await prometheus.waitForTargetsUp();
}, 60_000);

afterAll(async () => {
  defaultMetrics?.stop();
  await prometheus?.stop();
  await new Promise<void>((resolve) => (exporter ? exporter.close(() => resolve()) : resolve()));
});

describe("Prometheus scraping the exporter", () => {
  it("negotiates OpenMetrics with Prometheus, and serves 0.0.4 to the forced job", () => {
    const negotiated = scrapes.filter((scrape) => !scrape.url.includes("format="));
    const text = scrapes.filter((scrape) => scrape.url.includes("format=prometheus"));
    expect(negotiated.length).toBeGreaterThan(0);
    expect(text.length).toBeGreaterThan(0);
    expect(negotiated[0]?.accept).toContain("application/openmetrics-text");
    expect(new Set(negotiated.map((scrape) => scrape.contentType))).toEqual(
      new Set([OPENMETRICS_CONTENT_TYPE]),
    );
    expect(new Set(text.map((scrape) => scrape.contentType))).toEqual(
      new Set([PROMETHEUS_CONTENT_TYPE]),
    );
  });

  for (const job of ["negotiated", "text"]) {
    describe(`job "${job}"`, () => {
      it("stores the counter's value", async () => {
        const [sample] = await prometheus.waitForVector(`orders_total{job="${job}",side="buy"}`);
        expect(sample?.value[1]).toBe("42");
        const [sell] = await prometheus.waitForVector(`orders_total{job="${job}",side="sell"}`);
        expect(sell?.value[1]).toBe("7");
      });

      it("computes the histogram's quantile with histogram_quantile", async () => {
        const [sample] = await prometheus.waitForVector(
          `histogram_quantile(0.9, sum by (le) (order_latency_seconds_bucket{job="${job}"}))`,
        );
        expect(Number(sample?.value[1])).toBeCloseTo(expectedP90, 12);
        const [count] = await prometheus.waitForVector(`order_latency_seconds_count{job="${job}"}`);
        expect(count?.value[1]).toBe(String(observations.length));
      });

      it("ingests the default runtime metrics", async () => {
        const [cpu] = await prometheus.waitForVector(`process_cpu_seconds_total{job="${job}"}`);
        expect(Number(cpu?.value[1])).toBeGreaterThan(0);
        const [version] = await prometheus.waitForVector(`nodejs_version_info{job="${job}"}`);
        expect(version?.metric.version).toBe(process.version);
        const [heap] = await prometheus.waitForVector(
          `sum(nodejs_heap_space_size_used_bytes{job="${job}"})`,
        );
        expect(Number(heap?.value[1])).toBeGreaterThan(0);
      });

      it("round-trips a label value with a quote, a backslash and a newline exactly", async () => {
        const result = await prometheus.waitForVector(`label_round_trip{job="${job}"}`);
        expect(result.map((sample) => sample.metric.value)).toEqual([trickyValue]);
        // And it selects by that exact value.
        const selector = JSON.stringify(trickyValue);
        const [selected] = await prometheus.waitForVector(
          `label_round_trip{job="${job}",value=${selector}}`,
        );
        expect(selected?.value[1]).toBe("1");
      });
    });
  }
});
