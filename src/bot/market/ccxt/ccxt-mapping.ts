/** @module Maps ccxt's unified market-data payloads (OHLCV rows, tickers) to the bot's bars and ticks. */
import type { Bar } from "../../types.js";
import type { Tick } from "../market-data-source.js";

/** A ccxt OHLCV row: `[timestamp, open, high, low, close, volume]` (entries may be null/undefined). */
export type CcxtOhlcv = readonly (number | null | undefined)[];

/** The fields of a ccxt unified ticker the bot reads. */
export interface CcxtTicker {
  readonly symbol: string;
  readonly timestamp?: number | null | undefined;
  readonly last?: number | null | undefined;
  readonly close?: number | null | undefined;
  readonly bid?: number | null | undefined;
  readonly ask?: number | null | undefined;
}

/** Maps one ccxt OHLCV row to a bar, or undefined when the row lacks a timestamp or close. */
export function barFromCcxtOhlcv(symbol: string, row: CcxtOhlcv): Bar | undefined {
  const [timestamp, open, high, low, close, volume] = row;
  if (typeof timestamp !== "number" || typeof close !== "number") return undefined;
  return {
    symbol,
    timestamp,
    open: typeof open === "number" ? open : close,
    high: typeof high === "number" ? high : close,
    low: typeof low === "number" ? low : close,
    close,
    volume: typeof volume === "number" ? volume : 0,
  };
}

/**
 * Maps a ccxt ticker to a tick: the last trade price, else the close, else the bid/ask
 * midpoint; undefined when none is known. A ticker without a timestamp is stamped `now`.
 */
export function tickFromCcxtTicker(ticker: CcxtTicker, now: number): Tick | undefined {
  const mid =
    typeof ticker.bid === "number" && typeof ticker.ask === "number"
      ? (ticker.bid + ticker.ask) / 2
      : undefined;
  const price = ticker.last ?? ticker.close ?? mid;
  if (typeof price !== "number" || !(price > 0)) return undefined;
  return { symbol: ticker.symbol, timestamp: ticker.timestamp ?? now, price };
}

/**
 * Returns the newest closed bar of a ccxt OHLCV answer at time `now`: exchanges include
 * the still-forming candle last, so a row whose close time (open + duration) is after
 * `now` is skipped.
 */
export function lastClosedBar(
  symbol: string,
  rows: readonly CcxtOhlcv[],
  barSeconds: number,
  now: number,
): Bar | undefined {
  for (let index = rows.length - 1; index >= 0; index--) {
    const bar = barFromCcxtOhlcv(symbol, rows[index]!);
    if (bar !== undefined && bar.timestamp + barSeconds * 1000 <= now) return bar;
  }
  return undefined;
}
