/** @module AggregatorRegistry over a real node:cluster: 2 workers record, the primary serves their aggregate. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AggregatorRegistry, aggregators, Registry } from "../../src/metrics/index.js";
import { findSamples } from "../instrument/parse-scrape.js";

describe("AggregatorRegistry in a real node:cluster (2 workers)", () => {
  let primary: ChildProcess;
  let url: string;
  beforeAll(async () => {
    primary = spawn(
      process.execPath,
      ["--import", "tsx", "test/metrics/fixtures/cluster-metrics.ts"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: primary.stdout! });
    const [line] = (await once(lines, "line")) as [string];
    url = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
  });
  afterAll(async () => {
    if (primary !== undefined && primary.exitCode === null) {
      primary.kill("SIGTERM");
      await once(primary, "exit");
    }
  });

  it("serves the workers' counters and histograms summed and a max-aggregated gauge", async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    const text = await response.text();
    expect(text).toContain("# TYPE orders_total counter\n");
    expect(findSamples(text, "orders_total", { side: "buy" }).map((s) => s.value)).toEqual([7]);
    expect(findSamples(text, "order_latency_seconds_bucket", { le: "0.1" })[0]?.value).toBe(0);
    expect(findSamples(text, "order_latency_seconds_bucket", { le: "1" })[0]?.value).toBe(7);
    expect(findSamples(text, "order_latency_seconds_bucket", { le: "+Inf" })[0]?.value).toBe(7);
    expect(findSamples(text, "order_latency_seconds_count", {})[0]?.value).toBe(7);
    expect(findSamples(text, "order_latency_seconds_sum", {})[0]?.value).toBe(3.5);
    expect(findSamples(text, "open_positions", {}).map((s) => s.value)).toEqual([40]);
  });

  it("serves OpenMetrics from an AggregatorRegistry made with that content type", async () => {
    const response = await fetch(`${url}/openmetrics`);
    expect(response.headers.get("content-type")).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
    const text = await response.text();
    expect(text).toContain('orders_total{side="buy"} 7\n');
    expect(text.endsWith("# EOF\n")).toBe(true);
  });
});

describe("AggregatorRegistry.aggregate and aggregators", () => {
  const worker = (value: number, aggregator: "sum" | "omit" | "average" = "sum") => [
    {
      name: "fills_total",
      help: "Fills.",
      type: "counter" as const,
      aggregator,
      values: [
        { value, labels: { side: "buy", venue: "x" } },
        { value: 1, labels: { side: "sell" } },
      ],
    },
  ];

  it("merges equal label sets whatever their order, by the metric's aggregator", async () => {
    const reordered = worker(5);
    reordered[0]!.values[0]!.labels = { venue: "x", side: "buy" } as never;
    const registry = AggregatorRegistry.aggregate([worker(2), reordered]);
    expect(await registry.metrics()).toBe(
      '# HELP fills_total Fills.\n# TYPE fills_total counter\nfills_total{side="buy",venue="x"} 7\nfills_total{side="sell"} 2\n',
    );
    expect(await AggregatorRegistry.aggregate([worker(2, "omit")]).metrics()).toBe("");
    expect(
      aggregators.average(worker(2, "average").concat(worker(4, "average")))?.values[0]?.value,
    ).toBe(3);
  });

  it("refuses an unknown aggregator, naming it", () => {
    const bad = worker(1) as unknown as { aggregator: string }[];
    bad[0]!.aggregator = "median";
    expect(() => AggregatorRegistry.aggregate([bad as never])).toThrow(
      "'median' is not a defined aggregator",
    );
  });

  it("answers '' when no worker is connected, and setRegistries refuses a non-registry", async () => {
    expect(await new AggregatorRegistry().clusterMetrics()).toBe("");
    expect(() => AggregatorRegistry.setRegistries([{} as Registry])).toThrow(TypeError);
  });
});
