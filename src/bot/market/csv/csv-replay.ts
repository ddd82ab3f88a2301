/** @module Replays OHLCV bars from CSV, one batch per timestamp, as fast as the bot asks. */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { TradewatchError } from "../../../errors.js";
import type { Bar } from "../../types.js";
import type { MarketBatch, MarketDataSource } from "../market-data-source.js";
import { parseOhlcvCsv } from "./parse-ohlcv-csv.js";

/** CSV replay settings. */
export interface CsvReplayConfig {
  /** Path of the CSV file; or give `text`. */
  readonly path: string | undefined;
  /** CSV content, instead of a file. */
  readonly text: string | undefined;
  /** Symbol of a file without a symbol column. Default: the file name without extension, upper-cased. */
  readonly symbol: string | undefined;
}

/** Default CSV replay settings. */
export const defaultCsvReplayConfig: CsvReplayConfig = Object.freeze({
  path: undefined,
  text: undefined,
  symbol: undefined,
});

/**
 * Serves a CSV of OHLCV bars in timestamp order; the bars sharing a timestamp form one
 * batch whose time is their close (open + bar duration). The bar duration is the smallest
 * gap between consecutive timestamps.
 *
 * @example
 * const replay = new CsvReplay({ path: "data/btc-1m.csv" });
 * for (let batch = await replay.next(); batch !== null; batch = await replay.next()) { ... }
 */
export class CsvReplay implements MarketDataSource {
  readonly source = "csv" as const;
  readonly config: CsvReplayConfig;
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  readonly #batches: readonly (readonly Bar[])[];
  #index = 0;

  constructor(config: Partial<CsvReplayConfig>) {
    this.config = Object.freeze({ ...defaultCsvReplayConfig, ...config });
    const { path, text } = this.config;
    if (path === undefined && text === undefined) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        "Invalid CSV replay config: give a path or text",
      );
    }
    const symbol =
      this.config.symbol ??
      (path === undefined
        ? "CSV"
        : basename(path)
            .replace(/\.[^.]*$/, "")
            .toUpperCase());
    const bars = parseOhlcvCsv(text ?? readFileSync(path as string, "utf8"), symbol);
    bars.sort((left, right) => left.timestamp - right.timestamp);
    const batches: Bar[][] = [];
    let gap = Number.POSITIVE_INFINITY;
    for (const bar of bars) {
      const last = batches[batches.length - 1];
      if (last !== undefined && last[0]!.timestamp === bar.timestamp) last.push(bar);
      else {
        if (last !== undefined) gap = Math.min(gap, bar.timestamp - last[0]!.timestamp);
        batches.push([bar]);
      }
    }
    this.#batches = batches;
    this.symbols = Object.freeze([...new Set(bars.map((bar) => bar.symbol))]);
    this.barSeconds = Number.isFinite(gap) && gap > 0 ? gap / 1000 : 60;
  }

  /** Number of batches (distinct timestamps). */
  get length(): number {
    return this.#batches.length;
  }

  /** Batches served so far. */
  get position(): number {
    return this.#index;
  }

  start(): void {}

  stop(): void {}

  reset(): void {
    this.#index = 0;
  }

  dispose(): void {}

  async next(): Promise<MarketBatch | null> {
    const bars = this.#batches[this.#index];
    if (bars === undefined) return null;
    this.#index++;
    return { timestamp: bars[0]!.timestamp + this.barSeconds * 1000, bars, ticks: [] };
  }
}
