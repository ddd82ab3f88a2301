import * as promClient from "prom-client";
import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { Registry } from "./registry.js";

describe("prom-client interop", () => {
  it("serves an existing prom-client registry's metrics in the same /metrics, in both formats", async () => {
    const legacy = new promClient.Registry();
    const requests = new promClient.Counter({
      name: "legacy_requests_total",
      help: "Requests counted by prom-client.",
      labelNames: ["route"],
      registers: [legacy],
    });
    requests.inc({ route: '/a"b' }, 3);
    const latency = new promClient.Histogram({
      name: "legacy_latency_seconds",
      help: "Latency.",
      buckets: [0.5, 1],
      registers: [legacy],
    });
    latency.observe(0.7);

    const registry = new Registry();
    new Counter({ name: "fills_total", help: "Fills.", registers: [registry] }).inc();
    registry.setDefaultLabels({ bot: "alpha" });
    registry.registerPromClientRegistry(legacy);

    expect(await registry.render("prometheus")).toBe(
      [
        "# HELP fills_total Fills.",
        "# TYPE fills_total counter",
        'fills_total{bot="alpha"} 1',
        "# HELP legacy_requests_total Requests counted by prom-client.",
        "# TYPE legacy_requests_total counter",
        'legacy_requests_total{route="/a\\"b",bot="alpha"} 3',
        "# HELP legacy_latency_seconds Latency.",
        "# TYPE legacy_latency_seconds histogram",
        'legacy_latency_seconds_bucket{le="0.5",bot="alpha"} 0',
        'legacy_latency_seconds_bucket{le="1",bot="alpha"} 1',
        'legacy_latency_seconds_bucket{le="+Inf",bot="alpha"} 1',
        'legacy_latency_seconds_sum{bot="alpha"} 0.7',
        'legacy_latency_seconds_count{bot="alpha"} 1',
        "",
      ].join("\n"),
    );
    const openMetrics = await registry.render("openmetrics");
    expect(openMetrics).toContain("# TYPE legacy_requests counter\n");
    expect(openMetrics).toContain('legacy_requests_total{route="/a\\"b",bot="alpha"} 3\n');
    expect(openMetrics).toContain('legacy_latency_seconds_bucket{le="1.0",bot="alpha"} 1\n');
    expect(openMetrics.endsWith("# EOF\n")).toBe(true);
  });

  it("keeps our metric when a prom-client metric has the same name", async () => {
    const legacy = new promClient.Registry();
    new promClient.Gauge({ name: "fills_total", help: "Theirs.", registers: [legacy] }).set(9);
    const registry = new Registry();
    new Counter({ name: "fills_total", help: "Ours.", registers: [registry] }).inc();
    registry.registerPromClientRegistry(legacy);
    expect(await registry.metrics()).toBe(
      "# HELP fills_total Ours.\n# TYPE fills_total counter\nfills_total 1\n",
    );
  });
});
