/** @module Parses OHLCV CSV text (timestamp, open, high, low, close, volume, optional symbol) into bars. */
import { TradewatchError } from "../../../errors.js";
import type { Bar } from "../../types.js";

const aliases: Readonly<Record<string, string>> = Object.freeze({
  timestamp: "timestamp",
  time: "timestamp",
  date: "timestamp",
  datetime: "timestamp",
  open_time: "timestamp",
  open: "open",
  o: "open",
  high: "high",
  h: "high",
  low: "low",
  l: "low",
  close: "close",
  c: "close",
  volume: "volume",
  v: "volume",
  symbol: "symbol",
  ticker: "symbol",
  pair: "symbol",
});

/**
 * Parses OHLCV CSV. The header names the columns (`timestamp`/`time`/`date`, `open`,
 * `high`, `low`, `close`, `volume`, optional `symbol`, in any order and case); without a
 * header the columns are `timestamp,open,high,low,close,volume`. Timestamps are epoch
 * milliseconds, epoch seconds (values below 10^11) or ISO 8601 dates. Rows are returned in
 * file order; `defaultSymbol` names the bars of a file without a symbol column.
 *
 * @example
 * parseOhlcvCsv("timestamp,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,100\n", "BTC/USD");
 */
export function parseOhlcvCsv(text: string, defaultSymbol: string): Bar[] {
  const lines = text.split(/\r?\n/);
  let index = 0;
  while (index < lines.length && lines[index]!.trim() === "") index++;
  const first = lines[index];
  if (first === undefined) return [];
  const cells = first.split(",").map((cell) => cell.trim().toLowerCase().replace(/^"|"$/g, ""));
  const hasHeader = cells.some((cell) => aliases[cell] !== undefined && Number.isNaN(Number(cell)));
  const columns = hasHeader
    ? cells.map((cell) => aliases[cell])
    : ["timestamp", "open", "high", "low", "close", "volume"];
  if (hasHeader) index++;
  const position = (name: string): number => columns.indexOf(name);
  const at = {
    timestamp: position("timestamp"),
    open: position("open"),
    high: position("high"),
    low: position("low"),
    close: position("close"),
    volume: position("volume"),
    symbol: position("symbol"),
  };
  for (const name of ["timestamp", "open", "high", "low", "close"] as const) {
    if (at[name] === -1) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid OHLCV CSV header "${first}": no ${name} column`,
      );
    }
  }
  const bars: Bar[] = [];
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    const row = line.split(",");
    const number = (column: number): number => (column === -1 ? 0 : Number(row[column]));
    const timestamp = parseTimestamp(row[at.timestamp]?.trim() ?? "");
    const bar: Bar = {
      symbol:
        at.symbol === -1
          ? defaultSymbol
          : (row[at.symbol]?.trim().replace(/^"|"$/g, "") ?? defaultSymbol),
      timestamp,
      open: number(at.open),
      high: number(at.high),
      low: number(at.low),
      close: number(at.close),
      volume: number(at.volume),
    };
    if (!Number.isFinite(timestamp) || !Number.isFinite(bar.close)) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Invalid OHLCV CSV line ${index + 1} "${line}": timestamp and close must be numbers or dates`,
      );
    }
    bars.push(bar);
  }
  return bars;
}

function parseTimestamp(value: string): number {
  const unquoted = value.replace(/^"|"$/g, "");
  const numeric = Number(unquoted);
  if (unquoted !== "" && Number.isFinite(numeric)) return numeric < 1e11 ? numeric * 1000 : numeric;
  return Date.parse(unquoted);
}
