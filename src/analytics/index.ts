/** @module Entry point of `tradewatch/analytics`: the trade journal and the performance statistics. */

export type { AnalyzeOptions } from "./analyzer.js";
export { analyzeJournal, reportWindows, windowStart } from "./analyzer.js";
export { CsvFormatError } from "./csv/csv-error.js";
export { parseCsv } from "./csv/parse-csv.js";
export { equityColumns, parseEquityCsv, readEquityCsv } from "./csv/read-equity-csv.js";
export { parseTradesCsv, readTradesCsv, tradeColumns } from "./csv/read-trades-csv.js";
export type { BotJournal, BotJournalOptions } from "./journal/bot-journal.js";
export { openBotJournal } from "./journal/bot-journal.js";
export type { BusJournal, BusJournalOptions } from "./journal/bus-journal.js";
export { attachJournal } from "./journal/bus-journal.js";
export { DEFAULT_JOURNAL_DIRECTORY, defaultJournalPath } from "./journal/default-journal-path.js";
export { defaultDownsampleTiers } from "./journal/downsample-tiers.js";
export type { FillAcknowledgement, TimeRange } from "./journal/journal.js";
export { Journal } from "./journal/journal.js";
export { parseRetention } from "./journal/parse-retention.js";
export type { FillEffect } from "./journal/position-accounting.js";
export { applyFill, cashAfterFill, flatPosition } from "./journal/position-accounting.js";
export { restoreBotPortfolio } from "./journal/restore-bot-portfolio.js";
export type {
  CashMove,
  CashMoveKind,
  ClosedTrade,
  DownsampleTier,
  Durability,
  EquityPoint,
  FillInput,
  FillRecord,
  JournalOptions,
  OrderRecord,
  PortfolioState,
  PositionState,
  PruneResult,
  Side,
  TradeSide,
} from "./journal/types.js";
export { JournalError } from "./journal-error.js";
export type { PerformanceGaugeOptions, PerformanceGauges } from "./performance-gauges.js";
export {
  PORTFOLIO_SCOPE,
  startPerformanceGauges,
  updatePerformanceGauges,
} from "./performance-gauges.js";
export type { ReportInput, ReportOptions } from "./report/build-performance-report.js";
export { buildPerformanceReport } from "./report/build-performance-report.js";
export type { EquityDrawdown } from "./report/equity-drawdown.js";
export { equityDrawdown } from "./report/equity-drawdown.js";
export { formatReport } from "./report/format-report.js";
export type { CalendarPeriod, PeriodReturns } from "./report/period-returns.js";
export { periodKey, periodReturns } from "./report/period-returns.js";
export { tradeStatistics } from "./report/trade-statistics.js";
export type {
  FlowInput,
  PerformanceReport,
  PeriodPnl,
  RealizedInput,
  ReportWindow,
  ReturnStatistics,
  TradeInput,
  TradeStatistics,
} from "./report/types.js";
export { wealthIndex } from "./report/wealth-index.js";
export { averageLoss } from "./statistics/average-loss.js";
export { averageWin } from "./statistics/average-win.js";
export { bestTrade } from "./statistics/best-trade.js";
export { cagr } from "./statistics/cagr.js";
export { calmarRatio } from "./statistics/calmar-ratio.js";
export { expectancy } from "./statistics/expectancy.js";
export { longestLossStreak } from "./statistics/longest-loss-streak.js";
export { longestWinStreak } from "./statistics/longest-win-streak.js";
export { maxDrawdown } from "./statistics/max-drawdown.js";
export { payoffRatio } from "./statistics/payoff-ratio.js";
export { profitFactor } from "./statistics/profit-factor.js";
export { recoveryTime } from "./statistics/recovery-time.js";
export {
  DEFAULT_PERIODS_PER_YEAR,
  periodRiskFreeRate,
  resolveOptions,
} from "./statistics/resolve-options.js";
export { mean, sampleStandardDeviation } from "./statistics/sample-standard-deviation.js";
export { sharpeRatio } from "./statistics/sharpe-ratio.js";
export { sortinoRatio } from "./statistics/sortino-ratio.js";
export { totalReturn } from "./statistics/total-return.js";
export type { TradesPerDayOptions } from "./statistics/trades-per-day.js";
export { tradesPerDay } from "./statistics/trades-per-day.js";
export type { Drawdown, ResolvedStatisticOptions, StatisticOptions } from "./statistics/types.js";
export { volatility } from "./statistics/volatility.js";
export { winRate } from "./statistics/win-rate.js";
export { worstTrade } from "./statistics/worst-trade.js";
