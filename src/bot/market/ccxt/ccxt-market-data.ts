/** @module Live public market data through ccxt, behind the bot's market-data contract (paper mode). */
import { TradewatchError } from "../../../errors.js";
import type { Clock } from "../../clock.js";
import { systemClock } from "../../clock.js";
import type { Bar } from "../../types.js";
import type { MarketBatch, MarketDataSource, Tick } from "../market-data-source.js";
import {
  type CcxtOhlcv,
  type CcxtTicker,
  lastClosedBar,
  tickFromCcxtTicker,
} from "./ccxt-mapping.js";

/** The part of a ccxt exchange the adapter calls (public endpoints only). */
export interface CcxtPublicExchange {
  readonly id: string;
  fetchOHLCV(
    symbol: string,
    timeframe?: string,
    since?: number,
    limit?: number,
  ): Promise<CcxtOhlcv[]>;
  fetchTicker(symbol: string): Promise<CcxtTicker>;
}

/** ccxt market-data settings. */
export interface CcxtMarketDataConfig {
  /** ccxt exchange id, e.g. "binance", "kraken", "coinbase". Default "binance". */
  readonly exchange: string;
  readonly symbols: readonly string[];
  /** ccxt timeframe; its duration must match `barSeconds`. Default "1m". */
  readonly timeframe: string;
  readonly barSeconds: number;
}

/** Default ccxt market-data settings. */
export const defaultCcxtMarketDataConfig: CcxtMarketDataConfig = Object.freeze({
  exchange: "binance",
  symbols: Object.freeze(["BTC/USDT", "ETH/USDT"]),
  timeframe: "1m",
  barSeconds: 60,
});

/**
 * Polls an exchange's public OHLCV and ticker endpoints through ccxt: each `next()` returns
 * the newest closed bar of every symbol that has a new one, and the current tickers. Only
 * this module and {@link createCcxtExchange} know ccxt; the rest of the bot sees bars.
 *
 * @example
 * const exchange = await createCcxtExchange("kraken");
 * const market = new CcxtMarketData(exchange, { symbols: ["BTC/USD"], timeframe: "1m", barSeconds: 60 });
 */
export class CcxtMarketData implements MarketDataSource {
  readonly source = "ccxt" as const;
  readonly realTime = true;
  readonly config: CcxtMarketDataConfig;
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  readonly #exchange: CcxtPublicExchange;
  readonly #clock: Clock;
  readonly #lastBarTime = new Map<string, number>();

  constructor(
    exchange: CcxtPublicExchange,
    config: Partial<CcxtMarketDataConfig> = {},
    clock: Clock = systemClock,
  ) {
    this.config = Object.freeze({
      ...defaultCcxtMarketDataConfig,
      ...config,
      exchange: exchange.id,
    });
    this.symbols = Object.freeze([...this.config.symbols]);
    this.barSeconds = this.config.barSeconds;
    this.#exchange = exchange;
    this.#clock = clock;
  }

  start(): void {}

  stop(): void {}

  reset(): void {
    this.#lastBarTime.clear();
  }

  dispose(): void {}

  async next(): Promise<MarketBatch> {
    const now = this.#clock.now();
    const bars: Bar[] = [];
    const ticks: Tick[] = [];
    for (const symbol of this.symbols) {
      const rows = await this.#exchange.fetchOHLCV(symbol, this.config.timeframe, undefined, 3);
      const bar = lastClosedBar(symbol, rows, this.barSeconds, now);
      if (
        bar !== undefined &&
        bar.timestamp > (this.#lastBarTime.get(symbol) ?? Number.NEGATIVE_INFINITY)
      ) {
        this.#lastBarTime.set(symbol, bar.timestamp);
        bars.push(bar);
      }
      const tick = tickFromCcxtTicker(await this.#exchange.fetchTicker(symbol), now);
      if (tick !== undefined) ticks.push(tick);
    }
    return { timestamp: now, bars, ticks };
  }
}

/** Loads ccxt and constructs the public client of exchange `id` (rate limiting on). */
export async function createCcxtExchange(id: string): Promise<CcxtPublicExchange> {
  const ccxt = (await import("ccxt")) as unknown as Record<string, unknown> & {
    exchanges: readonly string[];
  };
  const module = (ccxt as { default?: typeof ccxt }).default ?? ccxt;
  if (!module.exchanges.includes(id)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid ccxt exchange "${id}": must be one of ccxt.exchanges (e.g. binance, kraken, coinbase)`,
    );
  }
  const Exchange = module[id] as new (options: Record<string, unknown>) => CcxtPublicExchange;
  return new Exchange({ enableRateLimit: true });
}
