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
    ).toThrow('A metric named "fills_total" is already registered in this registry');
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
      '# HELP fills_total Fills.\n# TYPE fills_total counter\nfills_total{side="buy",bot="alpha"} 2\n',
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
});
