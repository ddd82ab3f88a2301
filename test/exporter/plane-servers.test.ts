/** @module Per-plane metrics servers: each plane on its own port serves only its own registry. */
import { describe, expect, it } from "vitest";
import { startMetricsServer } from "../../src/exporter/metrics-server.js";
import { startPlaneServers } from "../../src/exporter/plane-servers.js";
import { Counter, Registry } from "../../src/metrics/index.js";
import { findSamples } from "../instrument/parse-scrape.js";
import { freePort } from "../support/free-port.js";

function planeRegistry(metric: string): Registry {
  const registry = new Registry();
  new Counter({ name: metric, help: `${metric} help.`, registers: [registry] }).inc(5);
  return registry;
}

describe("startPlaneServers", () => {
  it("serves each plane's registry on its own port, with the plane's name in /health", async () => {
    const planes = await startPlaneServers({
      version: "0.1.0",
      planes: {
        data: { port: 0, registry: planeRegistry("data_ticks_received_total") },
        order: { port: 0, registry: planeRegistry("orders_submitted_total") },
        strategy: { port: 0, registry: planeRegistry("strategy_signals_generated_total") },
      },
    });
    try {
      const { data, order, strategy } = planes.servers;
      expect(new Set([data?.port, order?.port, strategy?.port]).size).toBe(3);
      const scrape = async (url: string | undefined) => (await fetch(`${url}/metrics`)).text();
      const dataText = await scrape(data?.url);
      expect(findSamples(dataText, "data_ticks_received_total")[0]?.value).toBe(5);
      expect(findSamples(dataText, "orders_submitted_total")).toEqual([]);
      const orderText = await scrape(order?.url);
      expect(findSamples(orderText, "orders_submitted_total")[0]?.value).toBe(5);
      expect(findSamples(orderText, "strategy_signals_generated_total")).toEqual([]);
      const health = (await (await fetch(`${strategy?.url}/health`)).json()) as { name: string };
      expect(health.name).toBe("strategy");
      expect((await fetch(`${order?.url}/ready`)).status).toBe(503);
      planes.setReady();
      expect((await fetch(`${order?.url}/ready`)).status).toBe(200);
    } finally {
      await planes.close();
    }
  });

  it("closes the planes it started when a later one cannot bind", async () => {
    const blocker = await startMetricsServer({ port: 0, registry: new Registry() });
    const dataPort = await freePort();
    try {
      await expect(
        startPlaneServers({
          planes: {
            data: { port: dataPort, registry: new Registry() },
            order: { port: blocker.port, registry: new Registry() },
          },
        }),
      ).rejects.toThrow(/EADDRINUSE/);
      const rebound = await startMetricsServer({ port: dataPort, registry: new Registry() });
      await rebound.close();
    } finally {
      await blocker.close();
    }
  });
});
