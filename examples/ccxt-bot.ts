/**
 * @module A ccxt bot with instrumentExchange: a few ticker polls and a limit order through a
 * binance instance whose every REST call is measured, then the exchange and order series of
 * the scrape.
 *
 * Run: `npx tsx examples/ccxt-bot.ts`. BINANCE_API_URL points every Binance REST root at
 * another server (e.g. a local mock: `BINANCE_API_URL=http://127.0.0.1:8080`); with
 * BINANCE_API_KEY and BINANCE_SECRET the bot also places and cancels an order far from the
 * market (do not point real keys at the real exchange unless you mean it).
 */
import ccxt from "ccxt";
import { instrumentExchange } from "../src/instrument/index.js";
import { Registry } from "../src/metrics/index.js";
import { createRecorder } from "../src/recorder/index.js";

const symbol = "BTC/USDT";
const registry = new Registry();
const recorder = createRecorder({
  registry,
  symbols: [symbol],
  universes: { endpoint: ["fetch_markets", "fetch_ticker", "create_order", "cancel_order"] },
});

const exchange = instrumentExchange(
  new ccxt.binance({
    ...(process.env.BINANCE_API_KEY === undefined
      ? {}
      : { apiKey: process.env.BINANCE_API_KEY, secret: process.env.BINANCE_SECRET ?? "" }),
    timeout: 5_000,
    options: { fetchMarkets: { types: ["spot"] }, fetchCurrencies: false },
  }),
  recorder,
);
const base = process.env.BINANCE_API_URL;
if (base !== undefined) {
  const api = exchange.urls.api as Record<string, string>;
  for (const key of Object.keys(api)) api[key] = `${base}/${key}`;
}

for (let poll = 0; poll < 3; poll++) {
  try {
    const ticker = await exchange.fetchTicker(symbol);
    console.log(`${symbol} last ${ticker.last}`);
  } catch (error) {
    console.log(`fetchTicker failed: ${(error as Error).constructor.name}`);
  }
}
if (exchange.apiKey) {
  try {
    const ticker = await exchange.fetchTicker(symbol);
    const order = await exchange.createOrder(
      symbol,
      "limit",
      "buy",
      0.001,
      Math.floor((ticker.last ?? 0) * 0.5),
    );
    console.log(`placed ${order.id} (${order.status})`);
    await exchange.cancelOrder(String(order.id), symbol);
    console.log(`cancelled ${order.id}`);
  } catch (error) {
    console.log(`order failed: ${(error as Error).constructor.name}`);
  }
}

const text = await registry.metrics();
for (const line of text.split("\n")) {
  if (
    /^tradewatch_(exchange_api_(requests|errors|consecutive)|exchange_rate_limit|orders_(placed|canceled|filled|rejected)_total)/.test(
      line,
    )
  ) {
    console.log(line);
  }
}
