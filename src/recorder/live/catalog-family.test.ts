/** @module Tests that a catalog family's handles are the core's children of its kind, in the types and at run time. */
import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import { CatalogFamilies } from "./catalog-families.js";

function families(registry = new Registry()): CatalogFamilies {
  return new CatalogFamilies({
    registry,
    namespace: "tradewatch",
    constLabelNames: ["bot"],
    constLabelValues: ["paper-btc"],
    maxSeries: undefined,
    universes: {},
  });
}

describe("catalog family handles", () => {
  it("types a handle by its metric's kind: observe() on a counter or inc() on a histogram does not compile", () => {
    const all = families();
    const fills = all.get("orders_filled").handle2("buy", "BTC/USDT");
    const latency = all.get("exchange_api_latency").handle1("createOrder");
    const cash = all.get("cash").handle0();
    fills.inc();
    latency.observe(0.2);
    cash.set(10);
    cash.dec(1);
    // @ts-expect-error a counter has no observe()
    expect(fills.observe).toBeUndefined();
    // @ts-expect-error a counter has no set()
    expect(fills.set).toBeUndefined();
    // @ts-expect-error a histogram has no inc()
    expect(latency.inc).toBeUndefined();
    // @ts-expect-error a gauge has no observe()
    expect(cash.observe).toBeUndefined();
    // @ts-expect-error "orders_filed" is not a catalog key
    expect(() => all.get("orders_filed").handle0()).toThrow();
  });

  it("records an unlabelled metric and a labelled one through the same series the scrape shows", async () => {
    const registry = new Registry();
    const all = families(registry);
    all.get("pov_downscales").handle0().inc(2);
    all.get("pov_downscales").handleOf({}).inc();
    all.get("orders_filled").handleOf({ side: "sell", symbol: "ETH/USDT" }).inc();
    all.get("orders_filled").handle2("sell", "ETH/USDT").inc();
    const text = await registry.metrics();
    expect(text).toContain('tradewatch_order_pov_downscales_total{bot="paper-btc"} 3');
    expect(text).toMatch(
      /tradewatch_orders_filled_total\{bot="paper-btc",side="sell",symbol="ETH\/USDT"\} 2\n/,
    );
  });
});
