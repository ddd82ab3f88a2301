import ccxt from "ccxt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instrumentExchange } from "../../../src/instrument/index.js";
import { Registry } from "../../../src/metrics/index.js";
import { createRecorder } from "../../../src/recorder/index.js";
import { sampleValue } from "../parse-scrape.js";
import { type FakeBinance, pointAt, startFakeBinance } from "./fake-binance.js";

const endpoints = ["fetch_ticker", "create_order", "cancel_order", "fetch_order", "fetch_markets"];

describe("instrumentExchange with real ccxt (binance) against a local Binance REST API", () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(async () => {
    await fake.stop();
  });

  function setup() {
    const registry = new Registry();
    const recorder = createRecorder({
      registry,
      symbols: ["BTC/USDT"],
      universes: { endpoint: endpoints },
    });
    const exchange = new ccxt.binance({
      apiKey: "key",
      secret: "secret",
      timeout: 300,
      options: { fetchMarkets: { types: ["spot"] }, fetchCurrencies: false },
    });
    pointAt(exchange as never, fake.url);
    instrumentExchange(exchange, recorder);
    return { registry, exchange };
  }

  it("records latency by endpoint, errors by type, the error streak, and rate-limit use", async () => {
    const { registry, exchange } = setup();
    expect((await exchange.fetchTicker("BTC/USDT")).last).toBe(60000);
    fake.fault("ticker/24hr", {
      kind: "status",
      status: 429,
      body: { code: -1003, msg: "Too many requests." },
    });
    await expect(exchange.fetchTicker("BTC/USDT")).rejects.toBeInstanceOf(ccxt.DDoSProtection);
    fake.fault("ticker/24hr", {
      kind: "status",
      status: 503,
      body: "<html>Service Unavailable</html>",
    });
    await expect(exchange.fetchTicker("BTC/USDT")).rejects.toBeInstanceOf(
      ccxt.ExchangeNotAvailable,
    );
    fake.fault("ticker/24hr", { kind: "delay", ms: 1_000 });
    await expect(exchange.fetchTicker("BTC/USDT")).rejects.toBeInstanceOf(ccxt.RequestTimeout);
    fake.fault("ticker/24hr", {
      kind: "status",
      status: 401,
      body: { code: -2015, msg: "Invalid API-key, IP, or permissions for action." },
    });
    await expect(exchange.fetchTicker("BTC/USDT")).rejects.toBeInstanceOf(ccxt.AuthenticationError);

    let text = await registry.metrics();
    const ticker = { endpoint: "fetch_ticker" };
    expect(sampleValue(text, "tradewatch_exchange_api_requests_total", ticker)).toBe(5);
    expect(
      sampleValue(text, "tradewatch_exchange_api_request_duration_seconds_count", ticker),
    ).toBe(5);
    expect(
      sampleValue(text, "tradewatch_exchange_api_request_duration_seconds_sum", ticker),
    ).toBeGreaterThan(0.3);
    for (const type of ["rate_limit", "server_error", "timeout", "auth_error"]) {
      expect(
        sampleValue(text, "tradewatch_exchange_api_errors_total", { ...ticker, error_type: type }),
      ).toBe(1);
    }
    expect(sampleValue(text, "tradewatch_exchange_api_consecutive_errors")).toBe(4);
    expect(sampleValue(text, "tradewatch_exchange_rate_limit_violations_total")).toBe(1);
    // 3 loadMarkets requests and 5 tickers in 10 s against binance's 50 ms per request (200 per window).
    expect(sampleValue(text, "tradewatch_exchange_rate_limit_utilization_ratio")).toBeGreaterThan(
      0,
    );
    expect(sampleValue(text, "tradewatch_exchange_rate_limit_utilization_ratio")).toBeLessThan(0.2);

    await exchange.fetchTicker("BTC/USDT");
    text = await registry.metrics();
    expect(sampleValue(text, "tradewatch_exchange_api_consecutive_errors")).toBe(0);
  });

  it("counts orders placed, filled, cancelled and rejected from the unified order responses", async () => {
    const { registry, exchange } = setup();
    fake.nextOrderStatus = "NEW";
    const open = await exchange.createOrder("BTC/USDT", "limit", "buy", 0.01, 60_000);
    const canceled = await exchange.createOrder("BTC/USDT", "limit", "sell", 0.01, 61_000);
    fake.nextOrderStatus = "FILLED";
    await exchange.createOrder("BTC/USDT", "limit", "buy", 0.02, 60_000);
    await exchange.cancelOrder(String(canceled.id), "BTC/USDT");
    await exchange.fetchOrder(String(canceled.id), "BTC/USDT"); // seen cancelled again: counted once
    await exchange.fetchOrder(String(open.id), "BTC/USDT"); // still open: nothing
    fake.fill(String(open.id), 1_500);
    await exchange.fetchOrder(String(open.id), "BTC/USDT"); // now filled, 1.5 s after placement
    await exchange.fetchOrder(String(open.id), "BTC/USDT"); // seen filled again: counted once
    fake.fault("order", {
      kind: "status",
      status: 400,
      body: { code: -2010, msg: "Account has insufficient balance for requested action." },
    });
    await expect(
      exchange.createOrder("BTC/USDT", "limit", "buy", 5, 60_000),
    ).rejects.toBeInstanceOf(ccxt.InsufficientFunds);

    const text = await registry.metrics();
    const btc = { symbol: "BTC/USDT" };
    expect(sampleValue(text, "tradewatch_orders_placed_total", { ...btc, side: "buy" })).toBe(2);
    expect(sampleValue(text, "tradewatch_orders_placed_total", { ...btc, side: "sell" })).toBe(1);
    expect(sampleValue(text, "tradewatch_orders_filled_total", { ...btc, side: "buy" })).toBe(2);
    // Seed 003's fill latency by symbol: the order filled 1.5 s after placement, the other at once.
    const fill = { symbol: "BTC/USDT" };
    expect(sampleValue(text, "tradewatch_order_symbol_fill_duration_seconds_count", fill)).toBe(2);
    expect(
      sampleValue(text, "tradewatch_order_symbol_fill_duration_seconds_bucket", {
        ...fill,
        le: "1",
      }),
    ).toBe(1);
    expect(
      sampleValue(text, "tradewatch_order_symbol_fill_duration_seconds_sum", fill),
    ).toBeCloseTo(1.5, 1);
    expect(sampleValue(text, "tradewatch_orders_canceled_total", btc)).toBe(1);
    expect(
      sampleValue(text, "tradewatch_orders_rejected_total", { reason: "insufficient_funds" }),
    ).toBe(1);
    expect(sampleValue(text, "tradewatch_orders_placed_notional_usd_total", { side: "buy" })).toBe(
      0.01 * 60_000 + 0.02 * 60_000,
    );
    expect(
      sampleValue(text, "tradewatch_exchange_api_requests_total", { endpoint: "create_order" }),
    ).toBe(4);
    expect(
      sampleValue(text, "tradewatch_exchange_api_errors_total", {
        endpoint: "create_order",
        error_type: "other",
      }),
    ).toBe(1);
  });
});
