import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { Gauge } from "./gauge.js";
import { Histogram } from "./histogram.js";
import { Registry, register } from "./registry.js";

describe("Registry", () => {
  it("registers, finds, removes and clears metrics", () => {
    const registry = new Registry();
    const fills = new Counter({ name: "fills_total", help: "Fills.", registers: [registry] });
    expect(registry.getSingleMetric("fills_total")).toBe(fills);
    expect(registry.getMetricsAsArray()).toEqual([fills]);
    registry.registerMetric(fills); // the same metric again is not a duplicate
    registry.removeSingleMetric("fills_total");
    expect(registry.getSingleMetric("fills_total")).toBeUndefined();
    new Gauge({ name: "nav_usd", help: "NAV.", registers: [registry] });
    registry.clear();
    expect(registry.getMetricsAsArray()).toEqual([]);
  });

  it("rejects a second metric with the same name", () => {
    const registry = new Registry();
    new Counter({ name: "fills_total", help: "Fills.", registers: [registry] });
    expect(
      () => new Counter({ name: "fills_total", help: "Again.", registers: [registry] }),
    ).toThrow("A metric with the name fills_total has already been registered.");
  });

  it("registers with the default registry unless told otherwise", () => {
    const metric = new Gauge({ name: "tradewatch_registry_test_default", help: "x" });
    expect(register.getSingleMetric("tradewatch_registry_test_default")).toBe(metric);
    register.removeSingleMetric("tradewatch_registry_test_default");
  });

  it("renders one metric, resets all, and serves JSON with default labels", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ bot: "alpha", side: "ignored-when-own" });
    const fills = new Counter({
      name: "fills_total",
      help: "Fills.",
      labelNames: ["side"],
      registers: [registry],
    });
    fills.inc({ side: "buy" }, 2);
    expect(await registry.getSingleMetricAsString("fills_total")).toBe(
      '# HELP fills_total Fills.\n# TYPE fills_total counter\nfills_total{side="buy",bot="alpha"} 2',
    );
    expect(await registry.getMetricsAsJSON()).toEqual([
      {
        name: "fills_total",
        help: "Fills.",
        type: "counter",
        aggregator: "sum",
        values: [{ value: 2, labels: { side: "buy", bot: "alpha" } }],
      },
    ]);
    registry.resetMetrics();
    expect(await registry.metrics()).toBe(
      "# HELP fills_total Fills.\n# TYPE fills_total counter\n",
    );
    await expect(registry.getSingleMetricAsString("nope")).rejects.toThrow(
      'No metric named "nope" is registered',
    );
  });

  it("rejects invalid default labels and content types", () => {
    const registry = new Registry();
    expect(() => registry.setDefaultLabels({ "bad-name": "x" })).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_LABEL_NAME" }),
    );
    expect(() => new Registry("application/json")).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_METRIC_OPTION" }),
    );
  });

  it("merges registries and refuses a name they share", async () => {
    const a = new Registry();
    const b = new Registry();
    new Counter({ name: "fills_total", help: "Fills.", registers: [a] });
    new Histogram({ name: "cycle_duration_seconds", help: "Cycle.", buckets: [1], registers: [b] });
    const merged = Registry.merge([a, b]);
    expect(merged.getMetricsAsArray().map((metric) => metric.name)).toEqual([
      "fills_total",
      "cycle_duration_seconds",
    ]);
    new Counter({ name: "fills_total", help: "Other fills.", registers: [b] });
    expect(() => Registry.merge([a, b])).toThrowError(
      expect.objectContaining({ code: "ERR_DUPLICATE_METRIC" }),
    );
  });

  it("yields the event loop during a large render", async () => {
    const registry = new Registry();
    const big = new Counter({
      name: "big_total",
      help: "Big.",
      labelNames: ["id"],
      maxSeries: 300_000,
      registers: [registry],
    });
    for (let index = 0; index < 300_000; index++) big.inc({ id: `${index}` });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const text = await registry.metrics();
    clearInterval(timer);
    expect(text.split("\n").length).toBe(300_003);
    expect(ticks).toBeGreaterThan(0);
  });

  it("serves a custom collector (any object with name and get()) in metrics() and JSON", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ bot: "alpha" });
    new Counter({ name: "fills_total", help: "Fills.", registers: [registry] }).inc();
    let depth = 3;
    registry.registerMetric({
      name: "queue_depth",
      get: async () => ({
        name: "queue_depth",
        help: "Jobs waiting.",
        type: "gauge" as const,
        aggregator: "sum" as const,
        values: [{ value: depth, labels: { queue: "orders" } }],
      }),
    });
    // Before: every scrape rejected with "metric.collectNow is not a function".
    expect(await registry.metrics()).toBe(
      '# HELP fills_total Fills.\n# TYPE fills_total counter\nfills_total{bot="alpha"} 1\n' +
        '# HELP queue_depth Jobs waiting.\n# TYPE queue_depth gauge\nqueue_depth{queue="orders",bot="alpha"} 3\n',
    );
    depth = 5;
    expect(await registry.getSingleMetricAsString("queue_depth")).toBe(
      '# HELP queue_depth Jobs waiting.\n# TYPE queue_depth gauge\nqueue_depth{queue="orders",bot="alpha"} 5',
    );
    const json = await registry.getMetricsAsJSON();
    expect(json[1]?.values).toEqual([{ value: 5, labels: { queue: "orders", bot: "alpha" } }]);
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    expect(await registry.metrics()).toContain(
      'queue_depth{queue="orders",bot="alpha"} 5\n# EOF\n',
    );
    registry.resetMetrics(); // a collector without reset() is left alone
  });

  it("clear() also forgets the default labels", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ bot: "alpha" });
    registry.clear();
    new Counter({ name: "fills_total", help: "Fills.", registers: [registry] }).inc();
    expect(await registry.metrics()).toContain("\nfills_total 1\n");
  });

  it("accepts only the two content types prom-client accepts, and merges only equal ones", () => {
    const message =
      "Content type application/openmetrics-text; version=42.0.0; charset=utf-8 is unsupported";
    expect(
      () => new Registry("application/openmetrics-text; version=42.0.0; charset=utf-8"),
    ).toThrow(message);
    const registry = new Registry();
    expect(() =>
      registry.setContentType("application/openmetrics-text; version=42.0.0; charset=utf-8"),
    ).toThrow(message);
    expect(registry.contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    const open = new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
    expect(() => Registry.merge([registry, open])).toThrowError(
      expect.objectContaining({
        code: "ERR_INVALID_METRIC_OPTION",
        message: expect.stringContaining(
          "Registers can only be merged if they have the same content type",
        ),
      }),
    );
    expect(
      Registry.merge([open, new Registry(Registry.OPENMETRICS_CONTENT_TYPE)]).contentType,
    ).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
  });

  it("exports prom-client's content-type constants and the global registry", async () => {
    const metrics = await import("./index.js");
    expect(metrics.Registry.globalRegistry).toBe(register);
    expect(metrics.prometheusContentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(metrics.openMetricsContentType).toBe(
      "application/openmetrics-text; version=1.0.0; charset=utf-8",
    );
    expect(metrics.contentType).toBe(register.contentType);
    register.setContentType(metrics.openMetricsContentType);
    try {
      expect(metrics.contentType).toBe(metrics.openMetricsContentType);
    } finally {
      register.setContentType(metrics.prometheusContentType);
    }
    expect(metrics.contentType).toBe(metrics.prometheusContentType);
  });
});
