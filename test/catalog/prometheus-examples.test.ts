import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../../src/catalog/catalog.js";
import { exampleQuery } from "../../src/catalog/example-query.js";
import { fullMetricName } from "../../src/catalog/namespace.js";
import { negotiateExposition } from "../../src/metrics/index.js";
import { createRecorder } from "../../src/recorder/create-recorder.js";
import { freePort } from "../support/free-port.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";
import { recordEverything } from "./record-everything.js";

describe("every catalog metric scraped by a real Prometheus", () => {
  const recorder = createRecorder({
    constLabels: { bot: "e2e", environment: "test", plane: "all" },
    symbols: ["BTC/USDT", "ETH/USDT"],
  });
  let server: Server;
  const formats = new Set<string>();
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    await recordEverything(recorder);
    // Content negotiation as the exporter does it: Prometheus asks for OpenMetrics first.
    server = createServer(async (request, response) => {
      const { format, contentType } = negotiateExposition(request.headers.accept);
      formats.add(format);
      response.setHeader("Content-Type", contentType);
      response.end(await recorder.registry.render(format));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    prometheus = await startPrometheus({
      global: { scrape_interval: "1s" },
      scrapeConfigs: [{ job_name: "bot", static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
    });
    await prometheus.waitForTargetsUp();
    // A second round of records between scrapes, so rates and quantiles have an increase.
    await prometheus.waitForVector(`count(${fullMetricName("cycles_total")})`);
    await recordEverything(recorder);
    await prometheus.waitForVector(
      `sum(${fullMetricName("cycles_total")}{status="success"})`,
      (result) => Number(result[0]?.value[1]) >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it("was scraped in OpenMetrics, which carries every unit", () => {
    expect([...formats]).toEqual(["openmetrics"]);
  });

  it("ingests every catalog metric with the constant labels", async () => {
    const missing: string[] = [];
    for (const metric of catalog) {
      const name = fullMetricName(metric);
      const series = metric.type === "histogram" ? `${name}_count` : name;
      const data = await prometheus.query(
        `count(${series}{bot="e2e",environment="test",plane="all"})`,
      );
      if (data.resultType !== "vector" || data.result.length === 0) missing.push(series);
    }
    expect(missing).toEqual([]);
  });

  it("accepts every example query of the docs, and the rate and quantile examples return data", async () => {
    const empty: string[] = [];
    for (const metric of catalog) {
      const query = exampleQuery(metric);
      const data = await prometheus.query(query);
      const derived = !("example" in metric);
      if (
        derived &&
        metric.type !== "gauge" &&
        data.resultType === "vector" &&
        data.result.length === 0
      ) {
        empty.push(query);
      }
    }
    expect(empty).toEqual([]);
  });
});
