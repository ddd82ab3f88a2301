/** @module Replays OHLCV bars from CSV, one batch per timestamp, streaming the file as the bot asks. */

import { createReadStream, type ReadStream, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { pipeline } from "node:stream";
import { type Parser, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { booleanField, textField } from "../../../config/config-fields.js";
import { type ConfigSpec, resolveConfig } from "../../../config/config-schema.js";
import { TradewatchError } from "../../../errors.js";
import type { Bar } from "../../types.js";
import type { MarketBatch, MarketDataSource } from "../market-data-source.js";
import {
  OhlcvRowReader,
  type OhlcvRowReaderOptions,
  type SkippedBars,
} from "./ohlcv-row-reader.js";
import { type CsvRecord, ohlcvCsvParseOptions } from "./parse-ohlcv-csv.js";

/** CSV replay settings. */
export interface CsvReplayConfig {
  /** Path of the CSV file; or give `text`. */
  readonly path: string | undefined;
  /** CSV content, instead of a file. */
  readonly text: string | undefined;
  /** Symbol of a file without a symbol column. Default: the file name without extension, upper-cased. */
  readonly symbol: string | undefined;
  /** Count and skip invalid bars (see `OhlcvRowReader`) instead of failing. Default false. */
  readonly skipInvalidBars: boolean;
  /**
   * Sort rows by time instead of failing on a timestamp that goes backwards. Sorting holds
   * every bar in memory (the file is read whole). Default false.
   */
  readonly sort: boolean;
}

/** Default CSV replay settings. */
export const defaultCsvReplayConfig: CsvReplayConfig = Object.freeze({
  path: undefined,
  text: undefined,
  symbol: undefined,
  skipInvalidBars: false,
  sort: false,
});

/** The rules of {@link CsvReplayConfig}, checked at construction. */
export const csvReplayConfigSpec: ConfigSpec<CsvReplayConfig> = Object.freeze({
  schema: {
    path: textField,
    text: textField,
    symbol: textField,
    skipInvalidBars: booleanField,
    sort: booleanField,
  },
  defaults: defaultCsvReplayConfig,
});

/** How far reading has come; {@link CsvReplay.open} and the replay update it as they go. */
export interface CsvReadProgress {
  /** `checking`: the first pass over the file; `replaying`: the bot is consuming bars. */
  phase: "checking" | "replaying";
  bytesRead: number;
  totalBytes: number;
  /** Bars read in this phase. */
  bars: number;
}

/** What the first pass over a file found. */
interface FileSummary {
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  readonly batches: number;
  readonly skipped: SkippedBars;
  /** The sorted batches, when `sort` made the pass keep every bar. */
  readonly sorted: readonly (readonly Bar[])[] | undefined;
}

/**
 * Bytes read and parsed at once: the parser takes a whole chunk in one synchronous call, so
 * a chunk is the longest the replay holds the event loop for reading (256 KiB, about 4 000
 * rows, took 30-50 ms: a served /metrics waited for it).
 */
const HIGH_WATER_MARK = 32 * 1024;

/** Streams read line numbers from the parser instead of an info object per record (half the cost). */
const streamParseOptions = Object.freeze({ skip_empty_lines: true, relax_column_count: true });

/**
 * Serves a CSV of OHLCV bars in timestamp order; the bars sharing a timestamp form one
 * batch whose time is their close (open + bar duration). The bar duration is the smallest
 * gap between consecutive timestamps. Invalid bars, an empty file and rows out of time
 * order are `ERR_INVALID_CSV` errors naming the line (unless `skipInvalidBars` / `sort`).
 *
 * `CsvReplay.open` streams a file: a first pass checks every row and finds the symbols and
 * the bar duration, then the replay reads the file again as the bot pulls batches, so
 * memory stays bounded whatever the file's size (except with `sort`). The constructor
 * reads the whole file (or `text`) into memory.
 *
 * @example
 * const replay = await CsvReplay.open({ path: "data/btc-1m.csv" });
 * for (let batch = await replay.next(); batch !== null; batch = await replay.next()) { ... }
 */
export class CsvReplay implements MarketDataSource {
  readonly source = "csv" as const;
  readonly config: CsvReplayConfig;
  readonly symbols: readonly string[];
  readonly barSeconds: number;
  /** Invalid bars skipped (with `skipInvalidBars`), by reason. */
  readonly skipped: SkippedBars;
  /** Bytes and bars read so far; the replay updates it as it streams. */
  readonly progress: CsvReadProgress;
  readonly #batches: number;
  readonly #memory: readonly (readonly Bar[])[] | undefined;
  #index = 0;
  #rows: RowStream | undefined;
  #pending: Bar | undefined;

  /** Reads `text`, or the whole file at `path`, into memory; prefer {@link CsvReplay.open} for files. */
  constructor(config: Partial<CsvReplayConfig>);
  /** @internal What {@link CsvReplay.open} found on its first pass. */
  constructor(config: Partial<CsvReplayConfig>, summary: FileSummary, progress: CsvReadProgress);
  constructor(config: Partial<CsvReplayConfig>, summary?: FileSummary, progress?: CsvReadProgress) {
    this.config = resolveConfig(csvReplayConfigSpec, config, "csv");
    const { path, text } = this.config;
    if (path === undefined && text === undefined) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        "Invalid CSV replay config: give a path or text",
      );
    }
    let found = summary;
    if (found === undefined) {
      const content = text ?? readInput(path as string);
      const bars: Bar[] = [];
      const lines: number[] = [];
      const reader = new OhlcvRowReader(readerOptions(this.config));
      for (const { record, info } of parseSync(
        content,
        ohlcvCsvParseOptions,
      ) as unknown as CsvRecord[]) {
        const bar = reader.read(record, info.lines);
        if (bar !== undefined) {
          bars.push(bar);
          lines.push(info.lines);
        }
      }
      found = summarize(this.config.sort ? sortBars(reader, bars, lines) : bars, reader, true);
    }
    this.symbols = found.symbols;
    this.barSeconds = found.barSeconds;
    this.skipped = found.skipped;
    this.#batches = found.batches;
    this.#memory = found.sorted;
    this.progress = progress ?? {
      phase: "replaying",
      bytesRead: 0,
      totalBytes: 0,
      bars: 0,
    };
    this.progress.phase = "replaying";
    this.progress.bars = 0;
  }

  /**
   * Opens a CSV file for a streamed replay: checks every row in a first streaming pass
   * (errors name the line before any bar is served), then returns the replay, which reads
   * the file again as batches are pulled. `progress`, when given, is updated as both
   * passes read. With `text` instead of a path, it is the constructor.
   *
   * @example
   * const replay = await CsvReplay.open({ path: "btc.csv", skipInvalidBars: true });
   */
  static async open(
    config: Partial<CsvReplayConfig>,
    progress: CsvReadProgress = { phase: "checking", bytesRead: 0, totalBytes: 0, bars: 0 },
  ): Promise<CsvReplay> {
    const resolved: CsvReplayConfig = resolveConfig(csvReplayConfigSpec, config, "csv");
    if (resolved.path === undefined) return new CsvReplay(resolved);
    progress.phase = "checking";
    progress.bytesRead = 0;
    progress.bars = 0;
    progress.totalBytes = fileSize(resolved.path);
    const reader = new OhlcvRowReader(readerOptions(resolved));
    const kept: Bar[] = [];
    const lines: number[] = [];
    const scan = new BatchScan();
    await new Promise<void>((resolve, reject) => {
      const file = createReadStream(resolved.path as string, { highWaterMark: HIGH_WATER_MARK });
      const parser = parse(streamParseOptions);
      parser.on("data", (record: string[]) => {
        try {
          // In flowing mode each record arrives as it is parsed, so the parser's line count is its line.
          const line = parser.info.lines;
          const bar = reader.read(record, line);
          if (bar === undefined) return;
          progress.bars++;
          if ((progress.bars & 1023) === 0) progress.bytesRead = file.bytesRead;
          if (resolved.sort) {
            kept.push(bar);
            lines.push(line);
          } else scan.add(bar);
        } catch (error) {
          parser.destroy(error as Error);
        }
      });
      pipeline(file, parser, (error) => {
        progress.bytesRead = file.bytesRead;
        if (error === undefined || error === null) resolve();
        else reject(inputError(resolved.path as string, error));
      });
    });
    const summary = resolved.sort
      ? summarize(sortBars(reader, kept, lines), reader, true)
      : scan.summary(reader);
    return new CsvReplay(resolved, summary, progress);
  }

  /** Number of batches (distinct timestamps). */
  get length(): number {
    return this.#batches;
  }

  /** Batches served so far. */
  get position(): number {
    return this.#index;
  }

  start(): void {}

  stop(): void {}

  reset(): void {
    this.#index = 0;
    this.#rows?.close();
    this.#rows = undefined;
    this.#pending = undefined;
    this.progress.bars = 0;
    this.progress.bytesRead = 0;
  }

  dispose(): void {
    this.#rows?.close();
    this.#rows = undefined;
  }

  async next(): Promise<MarketBatch | null> {
    const bars =
      this.#memory === undefined ? await this.#nextStreamed() : this.#memory[this.#index];
    if (bars === undefined) return null;
    this.#index++;
    this.progress.bars += bars.length;
    return { timestamp: bars[0]!.timestamp + this.barSeconds * 1000, bars, ticks: [] };
  }

  async #nextStreamed(): Promise<Bar[] | undefined> {
    if (this.#index >= this.#batches) return undefined;
    if (this.#rows === undefined) {
      this.#rows = new RowStream(this.config.path as string, readerOptions(this.config));
    }
    const rows = this.#rows;
    const first = this.#pending ?? (await rows.next());
    if (first === undefined) return undefined;
    const bars = [first];
    for (;;) {
      const bar = rows.nextSync() ?? (await rows.next());
      if (bar === undefined || bar.timestamp !== first.timestamp) {
        this.#pending = bar;
        break;
      }
      bars.push(bar);
    }
    this.progress.bytesRead = rows.bytesRead;
    return bars;
  }
}

/** Bars parsed ahead of the bot at most; the file is paused beyond. */
const QUEUE_LIMIT = 4096;

/**
 * Reads a file's checked bars on demand: the parser pushes bars into a small queue and is
 * paused when the queue is full, so memory stays bounded while the bot is busy.
 */
class RowStream {
  readonly #file: ReadStream;
  readonly #parser: Parser;
  #queue: Bar[] = [];
  #head = 0;
  #ended = false;
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(path: string, options: OhlcvRowReaderOptions) {
    const reader = new OhlcvRowReader(options);
    this.#file = createReadStream(path, { highWaterMark: HIGH_WATER_MARK });
    const parser = parse(streamParseOptions);
    this.#parser = parser;
    parser.on("data", (record: string[]) => {
      try {
        // In flowing mode each record arrives as it is parsed, so the parser's line count is its line.
        const bar = reader.read(record, parser.info.lines);
        if (bar === undefined) return;
        this.#queue.push(bar);
        if (this.#queue.length - this.#head >= QUEUE_LIMIT) parser.pause();
        this.#notify();
      } catch (error) {
        parser.destroy(error as Error);
      }
    });
    pipeline(this.#file, parser, (error) => {
      if (error !== undefined && error !== null) this.#failure = inputError(path, error);
      this.#ended = true;
      this.#notify();
    });
  }

  get bytesRead(): number {
    return this.#file.bytesRead;
  }

  /** Returns the next bar if one is parsed already. */
  nextSync(): Bar | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const bar = this.#queue[this.#head++];
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    return bar;
  }

  /** Resolves to the next bar, or undefined at the end of the file. */
  async next(): Promise<Bar | undefined> {
    for (;;) {
      const bar = this.nextSync();
      if (bar !== undefined) return bar;
      if (this.#failure !== undefined) throw this.#failure;
      if (this.#ended) return undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#parser.resume();
      });
    }
  }

  close(): void {
    this.#parser.destroy();
    this.#file.destroy();
  }

  #notify(): void {
    const resolve = this.#wake;
    this.#wake = undefined;
    resolve?.();
  }
}

/** Follows the bars of a first pass: batches, symbols and the smallest gap, in O(symbols) memory. */
class BatchScan {
  readonly #symbols = new Set<string>();
  #batches = 0;
  #last = Number.NaN;
  #gap = Number.POSITIVE_INFINITY;

  add(bar: Bar): void {
    this.#symbols.add(bar.symbol);
    if (bar.timestamp === this.#last) return;
    if (this.#batches > 0) this.#gap = Math.min(this.#gap, bar.timestamp - this.#last);
    this.#last = bar.timestamp;
    this.#batches++;
  }

  summary(reader: OhlcvRowReader, sorted?: readonly (readonly Bar[])[]): FileSummary {
    reader.finish();
    return {
      symbols: Object.freeze([...this.#symbols]),
      barSeconds: Number.isFinite(this.#gap) && this.#gap > 0 ? this.#gap / 1000 : 60,
      batches: this.#batches,
      skipped: reader.skipped,
      sorted,
    };
  }
}

/** Groups bars already in time order into batches, and summarizes them. */
function summarize(bars: readonly Bar[], reader: OhlcvRowReader, keep: boolean): FileSummary {
  const scan = new BatchScan();
  const batches: Bar[][] = [];
  for (const bar of bars) {
    const last = batches[batches.length - 1];
    if (last !== undefined && last[0]!.timestamp === bar.timestamp) last.push(bar);
    else batches.push([bar]);
    scan.add(bar);
  }
  return scan.summary(reader, keep ? batches : undefined);
}

/** Sorts bars by time (stable: file order within a timestamp), then checks their order. */
function sortBars(reader: OhlcvRowReader, bars: Bar[], lines: number[]): Bar[] {
  const order = bars.map((_, index) => index);
  order.sort((left, right) => bars[left]!.timestamp - bars[right]!.timestamp);
  const sorted: Bar[] = [];
  for (const index of order) {
    const bar = reader.checkOrder(bars[index]!, lines[index]!);
    if (bar !== undefined) sorted.push(bar);
  }
  return sorted;
}

function readerOptions(config: CsvReplayConfig): OhlcvRowReaderOptions {
  const { path } = config;
  const defaultSymbol =
    config.symbol ??
    (path === undefined
      ? "CSV"
      : basename(path)
          .replace(/\.[^.]*$/, "")
          .toUpperCase());
  return {
    name: path ?? "CSV text",
    defaultSymbol,
    skipInvalidBars: config.skipInvalidBars,
    unordered: config.sort,
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    throw inputError(path, error);
  }
}

function readInput(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw inputError(path, error);
  }
}

function inputError(path: string, error: unknown): Error {
  if (error instanceof TradewatchError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "a directory, not a file"
        : (error as Error).message;
  return new TradewatchError("ERR_INVALID_CSV", `Cannot read OHLCV CSV ${path}: ${reason}`, {
    cause: error,
  });
}
