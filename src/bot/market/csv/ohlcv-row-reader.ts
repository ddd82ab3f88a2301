/** @module Turns the records of an OHLCV CSV into checked bars: header, columns, invalid bars, time order. */
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

/** How an {@link OhlcvRowReader} treats invalid bars and time order. */
export interface OhlcvRowReaderOptions {
  /** Name of the input in error messages (the file path, or "CSV text"). */
  readonly name: string;
  /** Symbol of a file without a symbol column. */
  readonly defaultSymbol: string;
  /** Count and skip invalid bars instead of failing on the first. Default false. */
  readonly skipInvalidBars?: boolean | undefined;
  /**
   * Accept rows in any time order (the caller sorts them). Default false: a timestamp
   * earlier than the previous row's is an error naming the line.
   */
  readonly unordered?: boolean | undefined;
  /** Only decode rows: no validity or order checks (what `parseOhlcvCsv` returns). Default false. */
  readonly decodeOnly?: boolean | undefined;
}

/** Bars skipped as invalid, by reason, with the first line of each. */
export type SkippedBars = ReadonlyMap<
  string,
  { readonly count: number; readonly firstLine: number }
>;

type Column = "timestamp" | "open" | "high" | "low" | "close" | "volume" | "symbol";

/**
 * Reads the records of an OHLCV CSV one at a time, in file order. The first record is a
 * header when it names the columns (`timestamp`/`time`/`date`, `open`, `high`, `low`,
 * `close`, `volume`, optional `symbol`, in any order and case); otherwise the columns are
 * `timestamp,open,high,low,close,volume`. Timestamps are epoch milliseconds, epoch seconds
 * (values below 10^11) or ISO 8601 dates.
 *
 * A bar is invalid when a timestamp or price is not a number, a price is zero or negative,
 * the high is below the low, the close is outside low..high, the volume is negative, or it
 * repeats the timestamp of the symbol's previous bar. Invalid bars throw `ERR_INVALID_CSV`
 * naming the input, the line and the problem, or are counted in {@link skipped} with
 * `skipInvalidBars`. A timestamp earlier than the previous row's throws unless `unordered`.
 *
 * @example
 * const reader = new OhlcvRowReader({ name: "btc.csv", defaultSymbol: "BTC" });
 * const bar = reader.read(["1704067200000", "1", "2", "0.5", "1.5", "10"], 1);
 */
export class OhlcvRowReader {
  readonly options: OhlcvRowReaderOptions;
  #at: Record<Column, number> | undefined;
  #lastTimestamp = Number.NEGATIVE_INFINITY;
  #lastLine = 0;
  readonly #lastBySymbol = new Map<string, number>();
  readonly #skipped = new Map<string, { count: number; firstLine: number }>();
  #bars = 0;

  constructor(options: OhlcvRowReaderOptions) {
    this.options = Object.freeze({ ...options });
  }

  /** Bars returned so far. */
  get bars(): number {
    return this.#bars;
  }

  /** Invalid bars skipped so far (with `skipInvalidBars`). */
  get skipped(): SkippedBars {
    return this.#skipped;
  }

  /** Number of invalid bars skipped so far. */
  get skippedCount(): number {
    let count = 0;
    for (const entry of this.#skipped.values()) count += entry.count;
    return count;
  }

  /**
   * Returns the bar of one record (cells as strings; `line` its 1-based line number), or
   * undefined for the header, a blank record and a skipped invalid bar.
   */
  read(record: readonly string[], line: number): Bar | undefined {
    if (record.length === 0 || (record.length === 1 && record[0]!.trim() === "")) return undefined;
    let at = this.#at;
    if (at === undefined) {
      at = this.#columns(record);
      this.#at = at;
      if (this.#hasHeader) return undefined;
    }
    const cell = (column: number): string => (column === -1 ? "" : (record[column] ?? "").trim());
    const number = (column: number): number => (column === -1 ? 0 : Number(cell(column)));
    const bar: Bar = {
      symbol:
        at.symbol === -1
          ? this.options.defaultSymbol
          : cell(at.symbol) || this.options.defaultSymbol,
      timestamp: parseTimestamp(cell(at.timestamp)),
      open: number(at.open),
      high: number(at.high),
      low: number(at.low),
      close: number(at.close),
      volume: number(at.volume),
    };
    if (this.options.decodeOnly === true) {
      if (!Number.isFinite(bar.timestamp) || !Number.isFinite(bar.close)) {
        throw this.#error(
          line,
          `timestamp and close must be numbers or dates, was "${record.join(",")}"`,
        );
      }
      this.#bars++;
      return bar;
    }
    const problem = barProblem(bar, cell(at.timestamp));
    if (problem !== undefined) return this.#invalid(line, problem);
    if (this.options.unordered === true) {
      this.#bars++;
      return bar;
    }
    return this.checkOrder(bar, line);
  }

  /**
   * Returns the bar when it comes in time order (not before the previous row, not a repeat
   * of its symbol's previous timestamp); else throws, or skips a repeat with `skipInvalidBars`.
   * `read` calls it unless `unordered`; call it on bars sorted afterwards.
   */
  checkOrder(bar: Bar, line: number): Bar | undefined {
    {
      if (bar.timestamp < this.#lastTimestamp) {
        throw this.#error(
          line,
          `time goes backwards: ${bar.symbol} at ${iso(bar.timestamp)} comes after ${iso(this.#lastTimestamp)} on line ${this.#lastLine}; sort the rows by time, or pass --sort`,
        );
      }
      const previous = this.#lastBySymbol.get(bar.symbol);
      if (previous === bar.timestamp) {
        return this.#invalid(line, `duplicate bar: ${bar.symbol} at ${iso(bar.timestamp)} again`);
      }
      this.#lastBySymbol.set(bar.symbol, bar.timestamp);
      this.#lastTimestamp = bar.timestamp;
      this.#lastLine = line;
    }
    this.#bars++;
    return bar;
  }

  /** Throws when nothing was read: an empty or header-only input, or every bar invalid. */
  finish(): void {
    if (this.#bars > 0) return;
    const skipped = this.skippedCount;
    throw new TradewatchError(
      "ERR_INVALID_CSV",
      skipped > 0
        ? `Invalid OHLCV CSV ${this.options.name}: every bar is invalid (${describeSkipped(this.#skipped)})`
        : `Invalid OHLCV CSV ${this.options.name}: no bars (the file is empty${this.#at === undefined ? "" : " but for its header"})`,
    );
  }

  #hasHeader = false;

  #columns(record: readonly string[]): Record<Column, number> {
    const cells = record.map((cell) => cell.trim().toLowerCase());
    this.#hasHeader = cells.some(
      (cell) => aliases[cell] !== undefined && Number.isNaN(Number(cell)),
    );
    const columns = this.#hasHeader
      ? cells.map((cell) => aliases[cell])
      : ["timestamp", "open", "high", "low", "close", "volume"];
    const at = {} as Record<Column, number>;
    for (const name of ["timestamp", "open", "high", "low", "close", "volume", "symbol"] as const) {
      at[name] = columns.indexOf(name);
    }
    for (const name of ["timestamp", "open", "high", "low", "close"] as const) {
      if (at[name] === -1) {
        throw new TradewatchError(
          "ERR_INVALID_CSV",
          `Invalid OHLCV CSV ${this.options.name} header "${record.join(",")}": no ${name} column`,
        );
      }
    }
    return at;
  }

  #invalid(line: number, problem: string): undefined {
    if (this.options.skipInvalidBars !== true) {
      throw this.#error(line, `${problem} (pass --skip-invalid-bars to skip such bars)`);
    }
    const reason = problem.replace(/:.*$/, "");
    const entry = this.#skipped.get(reason);
    if (entry === undefined) this.#skipped.set(reason, { count: 1, firstLine: line });
    else entry.count++;
    return undefined;
  }

  #error(line: number, message: string): TradewatchError {
    return new TradewatchError(
      "ERR_INVALID_CSV",
      `Invalid OHLCV CSV ${this.options.name} line ${line}: ${message}`,
    );
  }
}

/** Describes skipped bars: "1000 high below low (first at line 2), 3 non-positive price (first at line 7)". */
export function describeSkipped(skipped: SkippedBars): string {
  return [...skipped]
    .map(([reason, { count, firstLine }]) => `${count} ${reason} (first at line ${firstLine})`)
    .join(", ");
}

function barProblem(bar: Bar, timestampCell: string): string | undefined {
  if (!Number.isFinite(bar.timestamp)) {
    return `timestamp not a number or date: was "${timestampCell}"`;
  }
  const { open, high, low, close, volume } = bar;
  if (![open, high, low, close, volume].every(Number.isFinite)) {
    return `price not a number: open ${open}, high ${high}, low ${low}, close ${close}, volume ${volume}`;
  }
  if (!(open > 0 && high > 0 && low > 0 && close > 0)) {
    return `non-positive price: open ${open}, high ${high}, low ${low}, close ${close}`;
  }
  if (high < low) return `high below low: high ${high}, low ${low}`;
  if (close > high * (1 + 1e-9) || close < low * (1 - 1e-9)) {
    return `close outside low..high: close ${close}, low ${low}, high ${high}`;
  }
  if (volume < 0) return `negative volume: ${volume}`;
  return undefined;
}

function parseTimestamp(value: string): number {
  const numeric = Number(value);
  if (value !== "" && Number.isFinite(numeric)) return numeric < 1e11 ? numeric * 1000 : numeric;
  return Date.parse(value);
}

function iso(timestamp: number): string {
  return Number.isFinite(timestamp) ? new Date(timestamp).toISOString() : String(timestamp);
}
