/** @module The real Prometheus scrapes the metrics server with a bearer token and negotiates OpenMetrics. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MetricsServer, startMetricsServer } from "../../src/exporter/metrics-server.js";
import { Counter, Gauge, Registry } from "../../src/metrics/index.js";
import { type PrometheusServer, startPrometheus } from "../support/prometheus-server.js";

describe("Prometheus scraping the metrics server", () => {
  let exporter: MetricsServer;
  let prometheus: PrometheusServer;
  const formats: string[] = [];

  beforeAll(async () => {
    const registry = new Registry();
    new Counter({
      name: "orders_filled_total",
      help: "Orders filled.",
      labelNames: ["side"],
      registers: [registry],
    }).inc({ side: "buy" }, 7);
    new Gauge({ name: "account_value_usd", help: "Account value.", registers: [registry] }).set(
      10_250.5,
    );
    exporter = await startMetricsServer({
      port: 0,
      registry,
      auth: { type: "bearer", token: "scrape-token" },
    });
    // Record which exposition format each scrape negotiated.
    const original = registry.render.bind(registry);
    registry.render = async (format) => {
      formats.push(format);
      return original(format);
    };
    prometheus = await startPrometheus({
      scrapeConfigs: [
        {
          job_name: "tradewatch",
          scrape_interval: "1s",
          authorization: { type: "Bearer", credentials: "scrape-token" },
          static_configs: [{ targets: [exporter.url.replace("http://", "")] }],
        },
        {
          job_name: "no_token",
          scrape_interval: "1s",
          static_configs: [{ targets: [exporter.url.replace("http://", "")] }],
        },
      ],
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  it("scrapes with the token, sees the values, and is refused without it", async () => {
    const filled = await prometheus.waitForVector('orders_filled_total{job="tradewatch"}');
    expect(filled[0]?.value[1]).toBe("7");
    const value = await prometheus.waitForVector('account_value_usd{job="tradewatch"}');
    expect(value[0]?.value[1]).toBe("10250.5");
    const up = await prometheus.waitForVector("up", (result) => result.length === 2);
    const byJob = Object.fromEntries(up.map((sample) => [sample.metric.job, sample.value[1]]));
    expect(byJob).toEqual({ tradewatch: "1", no_token: "0" });
    const targets = await prometheus.targets();
    const refused = targets.find((target) => target.scrapePool === "no_token");
    expect(refused?.lastError).toContain("401");
    expect(formats).toContain("openmetrics");
    expect(formats).not.toContain("prometheus");
  });
});
