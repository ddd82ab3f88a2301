import * as promClient from "prom-client";
import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { Histogram } from "./histogram.js";
import { Registry } from "./registry.js";

const openMetrics = () => new Registry(Registry.OPENMETRICS_CONTENT_TYPE);
/** Replaces exemplar timestamps, which are the wall clock, with T. */
const stamp = (text: string) =>
  text.replace(/ \d+(\.\d+)?\n/g, (line) => line).replace(/(# \{[^}]*\} \S+) [\d.]+/g, "$1 T");

describe("exemplars", () => {
  it("a counter with enableExemplars takes the object form and shows exemplars in OpenMetrics only", async () => {
    const registry = openMetrics();
    const orders = new Counter({
      name: "orders_total",
      help: "Orders.",
      labelNames: ["side"],
      enableExemplars: true,
      registers: [registry],
    });
    orders.inc({ labels: { side: "buy" }, value: 2, exemplarLabels: { trace_id: "abc" } });
    orders.inc({ labels: { side: "sell" } });
    const before = Date.now() / 1000;
    const { values } = await orders.get();
    expect(values[0]).toMatchObject({
      value: 2,
      labels: { side: "buy" },
      exemplar: { labelSet: { trace_id: "abc" }, value: 2 },
    });
    expect(values[0]?.exemplar?.timestamp).toBeGreaterThan(before - 5);
    expect(values[1]).toEqual({ value: 1, labels: { side: "sell" } });
    expect(stamp(await registry.metrics())).toContain(
      'orders_total{side="buy"} 2 # {trace_id="abc"} 2 T\norders_total{side="sell"} 1\n',
    );
    const text = new Registry();
    text.registerMetric(orders);
    expect(await text.metrics()).not.toContain("#  {");
    expect(await text.metrics()).not.toContain("trace_id");
  });

  it("a histogram keeps one exemplar per bucket; get() has exemplar: null where there is none", async () => {
    const registry = openMetrics();
    const latency = new Histogram({
      name: "latency_seconds",
      help: "Latency.",
      buckets: [0.1, 1],
      enableExemplars: true,
      registers: [registry],
    });
    latency.observe({ value: 0.5, exemplarLabels: { trace_id: "t1" } });
    latency.observe({ value: 5, exemplarLabels: { trace_id: "t2" } });
    latency.observe({ value: 0.05 });
    const { values } = await latency.get();
    expect(values.map((value) => value.exemplar?.labelSet ?? value.exemplar)).toEqual([
      null,
      { trace_id: "t1" },
      { trace_id: "t2" },
      undefined,
      undefined,
    ]);
    expect(stamp(await registry.metrics())).toContain(
      [
        'latency_seconds_bucket{le="0.1"} 1',
        'latency_seconds_bucket{le="1.0"} 2 # {trace_id="t1"} 0.5 T',
        'latency_seconds_bucket{le="+Inf"} 3 # {trace_id="t2"} 5 T',
      ].join("\n"),
    );
  });

  it("histograms without exemplars report exemplar: null per bucket, as prom-client", async () => {
    const ours = new Histogram({ name: "h", help: "h", buckets: [1], registers: [] });
    const theirs = new promClient.Histogram({ name: "h", help: "h", buckets: [1], registers: [] });
    ours.observe(0.5);
    theirs.observe(0.5);
    const strip = (values: object[]) =>
      values.map((value) => ({ ...value, sharedLabels: undefined }));
    expect(strip((await ours.get()).values)).toEqual(strip((await theirs.get()).values));
  });

  it("refuses a text 0.0.4 registry, an exemplar label set over 128 characters", () => {
    expect(
      () =>
        new Counter({
          name: "c_total",
          help: "c",
          enableExemplars: true,
          registers: [new Registry()],
        }),
    ).toThrow(/Exemplars are supported only on OpenMetrics registries/);
    const counter = new Counter({
      name: "c_total",
      help: "c",
      enableExemplars: true,
      registers: [openMetrics()],
    });
    expect(() => counter.inc({ exemplarLabels: { trace_id: "x".repeat(130) } })).toThrow(
      'Label set size must be smaller than 128 UTF-8 chars: the exemplar labels of metric "c_total" were 138',
    );
  });

  it("*WithExemplar methods exist on every counter and histogram; the plain method is kept without exemplars", async () => {
    const counter = new Counter({ name: "c_total", help: "c", registers: [] });
    expect(counter.inc).toBe(Counter.prototype.inc);
    counter.incWithExemplar({ value: 3, exemplarLabels: { id: "1" } });
    expect((await counter.get()).values[0]?.exemplar?.labelSet).toEqual({ id: "1" });
    const histogram = new Histogram({ name: "h", help: "h", buckets: [1], registers: [] });
    expect(histogram.observe).toBe(Histogram.prototype.observe);
    histogram.observeWithExemplar({ value: 2, exemplarLabels: { id: "2" } });
    expect((await histogram.get()).values[1]?.exemplar?.labelSet).toEqual({ id: "2" });
  });
});
