/** @module The bot's market data store: appends every accepted bar to an OHLCV CSV that `--market csv` replays, one write per cycle, and reports each write. */
import { appendFileSync, existsSync, renameSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { MessageBus } from "../../message-bus.js";
import { switchboard } from "../../switchboard.js";
import type { Bar } from "../../types.js";
import { formatOhlcvCsv } from "./format-ohlcv-csv.js";

/** Where a {@link BarArchive} reports its writes (the bot declares it; the CLI records metrics with it). */
export interface BarArchiveObserver {
  /** One write of a cycle's bars took `seconds`; `error` is set when it failed (those bars are lost). */
  written(seconds: number, bars: number, error: unknown): void;
}

/** Options of {@link BarArchive}. */
export interface BarArchiveOptions {
  /** The CSV file; an existing one is kept as `<path>.1` (replacing an older one) and a new one started. */
  readonly path: string;
  /** When the file grows past this many bytes it moves to `<path>.1` and a new one starts. Default 64 MiB. */
  readonly maxBytes?: number | undefined;
  readonly observer?: BarArchiveObserver | undefined;
}

/**
 * Stores the bars the bot accepts (`BarReceived`) in an OHLCV CSV
 * (`timestamp,symbol,open,high,low,close,volume`, what `tradewatch run --market csv --data`
 * and `tradewatch backtest` read), so that a paper run's market can be replayed. Bars are
 * buffered during a cycle and appended in one synchronous write when it completes; each write's
 * duration and outcome go to the observer. The file is capped at `maxBytes`, with one previous
 * file kept beside it.
 *
 * @example
 * const archive = new BarArchive(bot.bus, { path: "journal/paper.bars.csv" });
 * // on shutdown
 * archive.close();
 */
export class BarArchive {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #observer: BarArchiveObserver | undefined;
  readonly #unsubscribers: (() => void)[];
  #pending: Bar[] = [];
  #bytes = 0;
  #writes = 0;

  constructor(bus: MessageBus, options: BarArchiveOptions) {
    this.path = options.path;
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#observer = options.observer;
    if (existsSync(this.path)) renameSync(this.path, `${this.path}.1`);
    this.#unsubscribers = [
      bus.subscribe(switchboard.allBars, (event) => {
        this.#pending.push(event.bar);
      }),
      bus.subscribe(switchboard.cycle, () => this.flush()),
    ];
  }

  /** Successful writes so far. */
  get writes(): number {
    return this.#writes;
  }

  /** Appends the bars received since the last write, if any. */
  flush(): void {
    const bars = this.#pending;
    if (bars.length === 0) return;
    this.#pending = [];
    const started = performance.now();
    let error: unknown;
    try {
      let text = formatOhlcvCsv(bars);
      if (this.#bytes > 0) text = text.slice(text.indexOf("\n") + 1);
      else if (existsSync(this.path) && statSync(this.path).size > 0)
        text = text.slice(text.indexOf("\n") + 1);
      appendFileSync(this.path, text);
      this.#bytes += Buffer.byteLength(text);
      this.#writes++;
      if (this.#bytes >= this.#maxBytes) {
        renameSync(this.path, `${this.path}.1`);
        this.#bytes = 0;
      }
    } catch (caught) {
      error = caught;
    }
    this.#observer?.written((performance.now() - started) / 1000, bars.length, error);
  }

  /** Writes what is pending and stops listening. */
  close(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#unsubscribers.length = 0;
    this.flush();
  }
}
