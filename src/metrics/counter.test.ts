import { describe, expect, it } from "vitest";
import { Counter } from "./counter.js";
import { MetricValueError } from "./errors.js";
import { Registry } from "./registry.js";

function counter(labelNames: string[] = ["side", "symbol"], registry = new Registry()) {
  return new Counter({ name: "orders_total", help: "Orders.", labelNames, registers: [registry] });
}

describe("Counter", () => {
  it("starts an unlabelled counter at zero and adds 1 or the given amount", async () => {
    const orders = counter([]);
    expect((await orders.get()).values).toEqual([{ value: 0, labels: {} }]);
    orders.inc();
    orders.inc(2.5);
    expect((await orders.get()).values).toEqual([{ value: 3.5, labels: {} }]);
  });

  it("keeps one series per label set, from objects, positional values and numbers", async () => {
    const orders = counter();
    orders.inc({ side: "buy", symbol: "BTC" });
    orders.inc({ symbol: "BTC", side: "buy" }, 2);
    orders.labels("buy", "BTC").inc();
    orders.labels({ side: "sell", symbol: 7 }).inc();
    orders.inc({ side: "sell", symbol: "7" });
    const { values } = await orders.get();
    expect(values).toEqual([
      { value: 4, labels: { side: "buy", symbol: "BTC" } },
      // The series was created from the number 7: get() gives it back as a number (prom-client).
      { value: 2, labels: { side: "sell", symbol: 7 } },
    ]);
  });

  it("returns the same bound handle for the same labels, updating the shared series", async () => {
    const orders = counter();
    const buy = orders.labels("buy", "ETH");
    expect(orders.labels({ side: "buy", symbol: "ETH" })).toBe(buy);
    buy.inc(5);
    orders.inc({ side: "buy", symbol: "ETH" });
    expect(buy.value).toBe(6);
  });

  it("binds the single series of an unlabelled counter with labels()", async () => {
    const orders = counter([]);
    orders.labels().inc(2);
    orders.labels({}).inc();
    orders.inc();
    expect((await orders.get()).values).toEqual([{ value: 4, labels: {} }]);
  });

  it("treats a missing label as the empty value", async () => {
    const orders = counter();
    orders.inc({ side: "buy" });
    expect((await orders.get()).values).toEqual([
      { value: 1, labels: { side: "buy", symbol: "" } },
    ]);
  });

  it("rejects negative and non-finite increments with a clear error, recording nothing", async () => {
    const orders = counter([]);
    expect(() => orders.inc(-1)).toThrow(
      'Invalid increment -1 for counter "orders_total": counters only go up; use a Gauge for values that go down',
    );
    expect(() => orders.inc(Number.NaN)).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_VALUE" }),
    );
    expect(() => orders.inc(Number.POSITIVE_INFINITY)).toThrowError(MetricValueError);
    const child = counter().labels("buy", "BTC");
    expect(() => child.inc(-0.5)).toThrowError(
      expect.objectContaining({ code: "ERR_NEGATIVE_INCREMENT" }),
    );
    expect((await orders.get()).values[0]?.value).toBe(0);
    expect(child.value).toBe(0);
  });

  it("rejects unknown label names and wrong label counts", () => {
    const orders = counter();
    expect(() => orders.inc({ side: "buy", sym: "BTC" } as never)).toThrow(
      'Unknown label name "sym" for metric "orders_total": declared labels are "side", "symbol"',
    );
    expect(() => orders.labels("buy")).toThrowError(
      expect.objectContaining({ code: "ERR_LABEL_COUNT_MISMATCH" }),
    );
    expect(() => orders.labels("buy", "BTC", "extra")).toThrow(
      'Invalid number of arguments (3): "buy, BTC, extra" for label names (2): "side, symbol".',
    );
    // One parser: remove() words its mistakes as labels() and inc() do.
    expect(() => orders.remove("buy", "BTC", "extra")).toThrow(
      'Invalid number of arguments (3): "buy, BTC, extra" for label names (2): "side, symbol".',
    );
    expect(() => orders.remove({ side: "buy", sym: "BTC" } as never)).toThrow(
      'Unknown label name "sym" for metric "orders_total": declared labels are "side", "symbol"',
    );
    expect(() => orders.labels({ side: "buy", sym: "BTC" } as never)).toThrow(
      'Unknown label name "sym" for metric "orders_total": declared labels are "side", "symbol"',
    );
    expect(() => counter([]).inc({ side: "buy" } as never)).toThrowError(
      expect.objectContaining({ code: "ERR_UNKNOWN_LABEL_NAME" }),
    );
    expect(() => orders.inc({ side: {} as never, symbol: "x" })).toThrowError(
      expect.objectContaining({ code: "ERR_INVALID_LABEL_VALUE" }),
    );
  });

  it("removes a series; a handle bound to it no longer reaches the exposition", async () => {
    const orders = counter();
    const stale = orders.labels("buy", "BTC");
    stale.inc();
    orders.inc({ side: "sell", symbol: "BTC" });
    orders.remove("buy", "BTC");
    stale.inc(100);
    orders.inc({ side: "buy", symbol: "SOL" }); // reuses the freed slot
    const { values } = await orders.get();
    expect(values).toEqual([
      { value: 1, labels: { side: "sell", symbol: "BTC" } },
      { value: 1, labels: { side: "buy", symbol: "SOL" } },
    ]);
    orders.remove({ side: "sell", symbol: "BTC" });
    orders.remove("nope", "nothing");
    expect(orders.seriesSize).toBe(1);
  });

  it("reset() empties the metric as prom-client does; bound handles keep recording", async () => {
    const registry = new Registry();
    const orders = counter(["side", "symbol"], registry);
    const bound = orders.labels("buy", "BTC");
    bound.inc();
    orders.inc({ side: "sell", symbol: "ETH" }, 4);
    registry.resetMetrics();
    expect((await orders.get()).values).toEqual([]);
    expect(await registry.metrics()).not.toContain("side=");
    bound.inc(5);
    orders.inc({ side: "sell", symbol: "ETH" });
    expect((await orders.get()).values).toEqual([
      { value: 5, labels: { side: "buy", symbol: "BTC" } },
      { value: 1, labels: { side: "sell", symbol: "ETH" } },
    ]);
    expect(orders.seriesSize).toBe(2);
    const unlabelled = counter([]);
    const handle = unlabelled.labels();
    unlabelled.inc(3);
    unlabelled.reset();
    expect((await unlabelled.get()).values).toEqual([{ value: 0, labels: {} }]);
    handle.inc(3);
    expect((await unlabelled.get()).values).toEqual([{ value: 3, labels: {} }]);
  });

  it("zero() creates a series at 0", async () => {
    const orders = counter();
    orders.zero({ side: "buy", symbol: "BTC" });
    expect((await orders.get()).values).toEqual([
      { value: 0, labels: { side: "buy", symbol: "BTC" } },
    ]);
  });

  it("returns prom-client's metric object shape from get()", async () => {
    const orders = new Counter({
      name: "orders_total",
      help: "Orders.",
      registers: [],
      aggregator: "max",
    });
    expect(await orders.get()).toEqual({
      name: "orders_total",
      help: "Orders.",
      type: "counter",
      aggregator: "max",
      values: [{ value: 0, labels: {} }],
    });
  });

  it("runs an async collect callback before get() and before a scrape", async () => {
    const registry = new Registry();
    let calls = 0;
    const ticks = new Counter({
      name: "ticks_total",
      help: "Ticks.",
      registers: [registry],
      async collect() {
        calls++;
        await Promise.resolve();
        (this as unknown as Counter).inc(10);
      },
    });
    expect((await ticks.get()).values[0]?.value).toBe(10);
    expect(await registry.metrics()).toContain("ticks_total 20");
    expect(calls).toBe(2);
  });
});

describe("Counter cardinality guard", () => {
  it("folds label sets past maxSeries into one overflow series and counts the drops", async () => {
    const registry = new Registry();
    const orders = new Counter({
      name: "orders_total",
      help: "Orders.",
      labelNames: ["symbol"],
      maxSeries: 3,
      registers: [registry],
    });
    for (let index = 0; index < 10; index++) orders.inc({ symbol: `S${index}` });
    orders.inc({ symbol: "S0" }, 5);
    expect(orders.seriesSize).toBe(4); // three real series plus the overflow series
    expect(orders.droppedLabelSets).toBe(7);
    const text = await registry.metrics();
    expect(text).toContain('orders_total{symbol="S0"} 6');
    expect(text).toContain('orders_total{symbol="__overflow__"} 7');
    expect(text).toContain(
      '# TYPE tradewatch_metric_dropped_label_sets_total counter\ntradewatch_metric_dropped_label_sets_total{metric="orders_total"} 7\n',
    );
  });

  it("keeps memory bounded whatever a caller sends", () => {
    const orders = new Counter({
      name: "orders_total",
      help: "Orders.",
      labelNames: ["order_id"],
      maxSeries: 100,
      registers: [],
    });
    for (let index = 0; index < 100_000; index++) orders.inc({ order_id: `id-${index}` });
    expect(orders.seriesSize).toBe(101);
    expect(orders.droppedLabelSets).toBe(99_900);
  });

  it("defaults to 10,000 series", () => {
    expect(counter().maxSeries).toBe(10_000);
  });
});
