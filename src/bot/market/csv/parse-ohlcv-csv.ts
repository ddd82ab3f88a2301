/** @module Parses OHLCV CSV text (timestamp, open, high, low, close, volume, optional symbol) into bars. */
import { parse } from "csv-parse/sync";
import type { Bar } from "../../types.js";
import { OhlcvRowReader } from "./ohlcv-row-reader.js";

/** The csv-parse options every OHLCV reader uses: RFC 4180, blank lines skipped, line numbers. */
export const ohlcvCsvParseOptions = Object.freeze({
  skip_empty_lines: true,
  relax_column_count: true,
  info: true,
} as const);

/** One parsed CSV record and the line it starts on. */
export interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses OHLCV CSV. The header names the columns (`timestamp`/`time`/`date`, `open`,
 * `high`, `low`, `close`, `volume`, optional `symbol`, in any order and case); without a
 * header the columns are `timestamp,open,high,low,close,volume`. Timestamps are epoch
 * milliseconds, epoch seconds (values below 10^11) or ISO 8601 dates. Rows are returned in
 * file order, unchecked beyond a numeric timestamp and close (the replay checks bars);
 * `defaultSymbol` names the bars of a file without a symbol column.
 *
 * @example
 * parseOhlcvCsv("timestamp,open,high,low,close,volume\n1704067200000,1,2,0.5,1.5,100\n", "BTC/USD");
 */
export function parseOhlcvCsv(text: string, defaultSymbol: string): Bar[] {
  const reader = new OhlcvRowReader({ name: "CSV text", defaultSymbol, decodeOnly: true });
  const bars: Bar[] = [];
  for (const { record, info } of parse(text, ohlcvCsvParseOptions) as unknown as CsvRecord[]) {
    const bar = reader.read(record, info.lines);
    if (bar !== undefined) bars.push(bar);
  }
  return bars;
}
