/** @module Computes the performance report of a journal over a window (today, 7 d, 30 d, all). */
import type { Journal } from "./journal/journal.js";
import { buildPerformanceReport } from "./report/build-performance-report.js";
import type { PerformanceReport, ReportWindow } from "./report/types.js";
import type { StatisticOptions } from "./statistics/types.js";

const DAY = 86_400_000;

/** Options of {@link analyzeJournal}. */
export interface AnalyzeOptions extends StatisticOptions {
  /** Default `all`. */
  readonly window?: ReportWindow | undefined;
  /** End of the window in epoch ms; default now. Use the journal's clock for backtests. */
  readonly now?: number | undefined;
}

/** Every window the analyzer and the performance gauges compute. */
export const reportWindows: readonly ReportWindow[] = Object.freeze(["today", "7d", "30d", "all"]);

/** Returns the start of `window` ending at `now`: UTC midnight for `today`, undefined for `all`. */
export function windowStart(window: ReportWindow, now: number): number | undefined {
  switch (window) {
    case "today":
      return Math.floor(now / DAY) * DAY;
    case "7d":
      return now - 7 * DAY;
    case "30d":
      return now - 30 * DAY;
    case "all":
      return undefined;
  }
}

/**
 * Reads the window's closed trades, realised PnL, equity curve (plus the point before it as the
 * base of the first return) and deposits/withdrawals from the journal, and computes the
 * {@link PerformanceReport}: statistics for the account, by strategy and by symbol, and daily and
 * monthly PnL.
 *
 * @example
 * const report = analyzeJournal(journal, { window: "30d", periodsPerYear: 365 });
 * console.log(report.returns.sharpeRatio, report.bySymbol["BTC/USD"]?.winRate);
 */
export function analyzeJournal(journal: Journal, options: AnalyzeOptions = {}): PerformanceReport {
  const window = options.window ?? "all";
  const now = options.now ?? Date.now();
  const from = windowStart(window, now);
  const range = { from, to: window === "all" ? undefined : now + 1 };
  const flows = journal
    .cashMoves(range)
    .filter((move) => move.kind === "deposit" || move.kind === "withdrawal");
  const realized = journal.fills(range).map((fill) => ({
    timestamp: fill.timestamp,
    realizedPnl: fill.realizedPnl,
    strategy: fill.strategy,
    symbol: fill.symbol,
  }));
  return buildPerformanceReport(
    {
      trades: journal.trades(range),
      equity: journal.equity(range),
      baseline: from === undefined ? undefined : journal.equityBefore(from),
      flows,
      realized,
    },
    {
      window,
      from,
      to: window === "all" ? undefined : now,
      periodsPerYear: options.periodsPerYear,
      riskFreeRate: options.riskFreeRate,
    },
  );
}
