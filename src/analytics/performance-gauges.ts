/** @module Exports the journal's performance statistics as the catalog's performance gauges. */
import type { TradingRecorder } from "../recorder/trading-recorder.js";
import { analyzeJournal } from "./analyzer.js";
import type { Journal } from "./journal/journal.js";
import type { PerformanceReport, ReportWindow, TradeStatistics } from "./report/types.js";
import type { StatisticOptions } from "./statistics/types.js";

/** The strategy label value of statistics over the whole book. */
export const PORTFOLIO_SCOPE = "portfolio";

/** Options of {@link startPerformanceGauges}. */
export interface PerformanceGaugeOptions extends StatisticOptions {
  /** Window the gauges cover; default `all`. */
  readonly window?: ReportWindow | undefined;
  /** Milliseconds between refreshes; default 60 000. */
  readonly intervalMs?: number | undefined;
  /** Clock giving the window's end; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** A running refresh of the performance gauges. */
export interface PerformanceGauges {
  /** Recomputes the report now, sets the gauges and returns the report. */
  refresh(): PerformanceReport;
  /** Stops the periodic refresh. */
  stop(): void;
}

/**
 * Sets the catalog's performance gauges (`performance_win_ratio`, `performance_profit_factor`,
 * `performance_sharpe_ratio`, `performance_max_drawdown_ratio`, `performance_average_win_usd`,
 * `performance_average_loss_usd`, `performance_win_streak`, `performance_loss_streak`) from a
 * report: the book as strategy `portfolio`, then each strategy with its trade statistics. An
 * undefined statistic is exported as NaN (Prometheus's "no value"), never as 0.
 */
export function updatePerformanceGauges(
  recorder: Pick<TradingRecorder, "updatePerformance">,
  report: PerformanceReport,
): void {
  recorder.updatePerformance(PORTFOLIO_SCOPE, {
    ...tradeGauges(report.trades),
    sharpeRatio: report.returns.sharpeRatio,
    maxDrawdownRatio: report.returns.maxDrawdown,
  });
  for (const [strategy, statistics] of Object.entries(report.byStrategy)) {
    recorder.updatePerformance(strategy, tradeGauges(statistics));
  }
}

/**
 * Computes the journal's report now and then every `intervalMs`, and sets the performance gauges
 * from it. The timer is unref'd, so it never keeps the process alive.
 *
 * @example
 * const gauges = startPerformanceGauges(journal, recorder, { window: "30d", periodsPerYear: 365 });
 * // on shutdown
 * gauges.stop();
 */
export function startPerformanceGauges(
  journal: Journal,
  recorder: Pick<TradingRecorder, "updatePerformance">,
  options: PerformanceGaugeOptions = {},
): PerformanceGauges {
  const now = options.now ?? Date.now;
  const refresh = (): PerformanceReport => {
    const report = analyzeJournal(journal, {
      window: options.window ?? "all",
      now: now(),
      periodsPerYear: options.periodsPerYear,
      riskFreeRate: options.riskFreeRate,
    });
    updatePerformanceGauges(recorder, report);
    return report;
  };
  refresh();
  const timer = setInterval(refresh, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    refresh,
    stop: () => clearInterval(timer),
  };
}

function tradeGauges(statistics: TradeStatistics) {
  return {
    winRatio: statistics.winRate,
    profitFactor: statistics.profitFactor,
    averageWinUsd: statistics.averageWin,
    averageLossUsd: statistics.averageLoss,
    winStreak: statistics.currentWinStreak,
    lossStreak: statistics.currentLossStreak,
  };
}
