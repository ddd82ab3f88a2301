import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../../src/bot/clock.js";
import {
  barFromCcxtOhlcv,
  type CcxtOhlcv,
  type CcxtTicker,
  lastClosedBar,
  tickFromCcxtTicker,
} from "../../src/bot/market/ccxt/ccxt-mapping.js";
import {
  CcxtMarketData,
  type CcxtPublicExchange,
} from "../../src/bot/market/ccxt/ccxt-market-data.js";

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")) as T;

const ohlcv = fixture<CcxtOhlcv[]>("ccxt-binance-fetch-ohlcv-btc-usdt-1m.json");
const ticker = fixture<CcxtTicker>("ccxt-binance-fetch-ticker-btc-usdt.json");
const quoteOnly = fixture<CcxtTicker>("ccxt-kraken-fetch-ticker-eth-usd-no-last.json");

/** Answers ccxt's public calls from recorded payloads (no network in tests). */
class RecordedExchange implements CcxtPublicExchange {
  readonly id = "binance";
  readonly calls: string[] = [];
  async fetchOHLCV(symbol: string, timeframe?: string): Promise<CcxtOhlcv[]> {
    this.calls.push(`fetchOHLCV ${symbol} ${timeframe}`);
    return ohlcv;
  }
  async fetchTicker(symbol: string): Promise<CcxtTicker> {
    this.calls.push(`fetchTicker ${symbol}`);
    return ticker;
  }
}

describe("ccxt payload mapping", () => {
  it("maps an OHLCV row to a bar field by field", () => {
    expect(barFromCcxtOhlcv("BTC/USDT", ohlcv[0]!)).toEqual({
      symbol: "BTC/USDT",
      timestamp: 1704067200000,
      open: 42283.58,
      high: 42298.62,
      low: 42261.02,
      close: 42298.61,
      volume: 35.92724,
    });
    expect(barFromCcxtOhlcv("X", [1, null, null, null, 5, null])).toMatchObject({
      open: 5,
      high: 5,
      low: 5,
      volume: 0,
    });
    expect(barFromCcxtOhlcv("X", [null, 1, 2, 0.5, undefined, 3])).toBeUndefined();
  });

  it("skips the still-forming candle and returns the newest closed one", () => {
    const now = 1704067330125;
    expect(lastClosedBar("BTC/USDT", ohlcv, 60, now)?.timestamp).toBe(1704067260000);
    expect(lastClosedBar("BTC/USDT", ohlcv, 60, 1704067380000)?.timestamp).toBe(1704067320000);
    expect(lastClosedBar("BTC/USDT", ohlcv, 60, 1704067200000)).toBeUndefined();
  });

  it("maps a ticker's last price and timestamp, or the bid/ask midpoint when there is no last", () => {
    expect(tickFromCcxtTicker(ticker, 0)).toEqual({
      symbol: "BTC/USDT",
      timestamp: 1704067330125,
      price: 42328.51,
    });
    expect(tickFromCcxtTicker(quoteOnly, 99)).toEqual({
      symbol: "ETH/USD",
      timestamp: 99,
      price: 2281.5,
    });
    expect(tickFromCcxtTicker({ symbol: "X", last: null, bid: null }, 0)).toBeUndefined();
  });
});

describe("CcxtMarketData", () => {
  it("serves each new closed bar once, with the ticker, through the market-data contract", async () => {
    const exchange = new RecordedExchange();
    const clock = new SimulatedClock(1704067330125);
    const market = new CcxtMarketData(
      exchange,
      { symbols: ["BTC/USDT"], timeframe: "1m", barSeconds: 60 },
      clock,
    );
    const first = await market.next();
    expect(first.bars.map((bar) => bar.timestamp)).toEqual([1704067260000]);
    expect(first.ticks).toEqual([
      { symbol: "BTC/USDT", timestamp: 1704067330125, price: 42328.51 },
    ]);
    const again = await market.next();
    expect(again.bars).toHaveLength(0);
    clock.advance(60_000);
    expect((await market.next()).bars.map((bar) => bar.close)).toEqual([42328.51]);
    expect(exchange.calls[0]).toBe("fetchOHLCV BTC/USDT 1m");
    expect(market.source).toBe("ccxt");
  });
});

describe("the bot on a ccxt market", () => {
  it("turns a failed market-data fetch into an API failure and an error cycle, then carries on", async () => {
    const { createBot } = await import("../../src/bot/bot.js");
    const { switchboard } = await import("../../src/bot/switchboard.js");
    const { NetworkError } = await import("../../src/bot/execution/exchange-errors.js");
    let calls = 0;
    const flaky: CcxtPublicExchange = {
      id: "binance",
      async fetchOHLCV() {
        calls++;
        if (calls === 1)
          throw new NetworkError("binance GET https://api.binance.com/api/v3/klines ECONNRESET");
        return ohlcv;
      },
      async fetchTicker() {
        return ticker;
      },
    };
    const market = new CcxtMarketData(flaky, {
      symbols: ["BTC/USDT"],
      timeframe: "1m",
      barSeconds: 60,
    });
    const bot = await createBot({ market: "ccxt" }, { market });
    const seen: string[] = [];
    bot.bus.subscribe(switchboard.all, (event) => {
      if (event.type === "ApiCallFailed")
        seen.push(`${event.type}:${event.endpoint}:${event.errorClass}`);
      if (event.type === "CycleCompleted")
        seen.push(`${event.type}:${event.status}:${event.noTradeReason}`);
      if (event.type === "BarReceived") seen.push(`${event.type}:${event.bar.close}`);
    });
    bot.start();
    await bot.runCycle();
    await bot.runCycle();
    expect(seen[0]).toBe("ApiCallFailed:fetchOHLCV:NetworkError");
    expect(seen[1]).toBe("CycleCompleted:error:error:NetworkError");
    expect(seen).toContain("BarReceived:42328.51");
    bot.dispose();
  });
});
