/** @module startExporter: a configuration (file + env) turned into running servers and pushes, against the real Pushgateway. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveMetricsConfig } from "../../src/exporter/metrics-config.js";
import { startExporter } from "../../src/exporter/start-exporter.js";
import { Counter, Registry } from "../../src/metrics/index.js";
import { findSamples } from "../instrument/parse-scrape.js";
import { freePort } from "../support/free-port.js";
import { type PushgatewayServer, startPushgateway } from "./pushgateway-server.js";

describe("startExporter", () => {
  let gateway: PushgatewayServer;
  beforeAll(async () => {
    gateway = await startPushgateway();
  });
  afterAll(() => gateway?.stop());

  it("serves, splits planes, authenticates and pushes as configured; close() frees every port", async () => {
    const [port, dataPort, orderPort] = [await freePort(), await freePort(), await freePort()];
    const config = resolveMetricsConfig(
      {
        monitoring: { prometheus_enabled: true, prometheus_port: port },
        metrics: {
          path: "/internal/metrics",
          planes: { data: { port: dataPort }, order: { port: orderPort } },
          pushgateway: { url: gateway.url, job: "exporter-test", interval_seconds: 0.05 },
        },
      },
      { METRICS_AUTH_TOKEN: "tok" },
    );
    const registry = new Registry();
    const cycles = new Counter({ name: "cycles_total", help: "Cycles.", registers: [registry] });
    cycles.inc(3);
    const dataRegistry = new Registry();
    new Counter({ name: "ticks_total", help: "Ticks.", registers: [dataRegistry] }).inc(9);
    const exporter = await startExporter(config, { registry, planes: { data: dataRegistry } });
    const auth = { headers: { authorization: "Bearer tok" } };
    try {
      expect(exporter.server?.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/internal/metrics`)).status).toBe(401);
      const main = await (await fetch(`http://127.0.0.1:${port}/internal/metrics`, auth)).text();
      expect(findSamples(main, "cycles_total")[0]?.value).toBe(3);
      const data = await (
        await fetch(`http://127.0.0.1:${dataPort}/internal/metrics`, auth)
      ).text();
      expect(findSamples(data, "ticks_total")[0]?.value).toBe(9);
      expect(findSamples(data, "cycles_total")).toEqual([]);
      const order = await (
        await fetch(`http://127.0.0.1:${orderPort}/internal/metrics`, auth)
      ).text();
      expect(findSamples(order, "cycles_total")[0]?.value).toBe(3);
      const deadline = Date.now() + 5000;
      let pushed: number | undefined;
      while (pushed === undefined && Date.now() < deadline) {
        const text = await (await fetch(`${gateway.url}/metrics`)).text();
        pushed = findSamples(text, "cycles_total", { job: "exporter-test" })[0]?.value;
        if (pushed === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(pushed).toBe(3);
      cycles.inc();
    } finally {
      await exporter.close();
    }
    const final = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(findSamples(final, "cycles_total", { job: "exporter-test" })[0]?.value).toBe(4);
    for (const freed of [port, dataPort, orderPort]) {
      await expect(fetch(`http://127.0.0.1:${freed}/health`)).rejects.toThrow();
    }
  });

  it("starts no server when metrics are disabled", async () => {
    const exporter = await startExporter(resolveMetricsConfig({}, { METRICS_ENABLED: "false" }));
    expect(exporter.server).toBeUndefined();
    expect(exporter.planes).toBeUndefined();
    await exporter.close();
  });
});
