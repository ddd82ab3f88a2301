/** @module Tests that the dashboard reads catalog metrics by typed names: a misspelt or renamed one fails the build. */
import { describe, expect, it } from "vitest";
import { Registry } from "../../metrics/index.js";
import { createRecorder } from "../../recorder/index.js";
import { MetricSnapshot } from "./metric-snapshot.js";

async function snapshotAfterTrading(): Promise<MetricSnapshot> {
  const registry = new Registry();
  const recorder = createRecorder({ registry, symbols: ["BTC/USDT"] });
  recorder.updatePortfolioMetrics({ totalValueUsd: 10_250 });
  recorder.recordOrderFilled("BTC/USDT", "buy");
  recorder.recordOrderFilled("BTC/USDT", "sell");
  recorder.recordOrderFilled("BTC/USDT", "sell");
  recorder.recordApiRequest("createOrder", 0.12);
  return MetricSnapshot.read(registry, recorder.namespace, [
    "portfolio_value_usd",
    "orders_filled_total",
    "exchange_api_request_duration_seconds",
  ]);
}

describe("MetricSnapshot names", () => {
  it("reads what the recorder wrote by the catalog's names and labels", async () => {
    const snapshot = await snapshotAfterTrading();
    expect(snapshot.value("portfolio_value_usd")).toBe(10_250);
    expect(snapshot.valuesBy("orders_filled_total", "side")).toEqual(
      new Map([
        ["buy", 1],
        ["sell", 2],
      ]),
    );
    expect(snapshot.buckets("exchange_api_request_duration_seconds")?.at(-1)).toEqual({
      le: Number.POSITIVE_INFINITY,
      count: 1,
    });
  });

  it("does not compile a misspelt metric, a label the metric lacks, or a histogram read as a value", async () => {
    const snapshot = await snapshotAfterTrading();
    // Each of these read "no data yet" forever before the names were typed; now tsc refuses them.
    // @ts-expect-error the catalog has no "portfolio_value_dollars" (it is portfolio_value_usd)
    expect(snapshot.value("portfolio_value_dollars")).toBeUndefined();
    // @ts-expect-error orders_filled_total has no "outcome" label (it has side and symbol)
    expect(snapshot.valuesBy("orders_filled_total", "outcome").size).toBe(0);
    // @ts-expect-error a match on a label the metric lacks
    expect(snapshot.value("orders_filled_total", { status: "buy" })).toBeUndefined();
    // @ts-expect-error a histogram has no single value: read its buckets
    expect(snapshot.value("exchange_api_request_duration_seconds")).toBeUndefined();
    // @ts-expect-error a counter has no buckets
    expect(snapshot.buckets("orders_filled_total")).toBeUndefined();
    await expect(
      // @ts-expect-error a misspelt name in the list of metrics to read
      MetricSnapshot.read(new Registry(), "tradewatch", ["portfolio_value"]),
    ).resolves.toBeInstanceOf(MetricSnapshot);
  });
});
