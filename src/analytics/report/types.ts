/** @module Shapes of a performance report: statistics over a window, by strategy and symbol, PnL by period. */
import type { Side, TradeSide } from "../journal/types.js";

/** A closed round-trip trade as the statistics need it. */
export interface TradeInput {
  readonly strategy: string;
  readonly symbol: string;
  readonly side: TradeSide;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly fee: number;
  /** Realised PnL after fees. */
  readonly pnl: number;
  readonly closedAt: number;
}

/** Cash that entered (positive) or left (negative) the account, excluded from returns. */
export interface FlowInput {
  readonly timestamp: number;
  readonly amount: number;
}

/** Realised PnL of one fill, for realised PnL by period. */
export interface RealizedInput {
  readonly timestamp: number;
  readonly realizedPnl: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly side?: Side | undefined;
}

/** Statistics computed from the equity curve (period returns). */
export interface ReturnStatistics {
  /** Number of period returns the ratios were computed from. */
  readonly periods: number;
  readonly totalReturn: number;
  readonly cagr: number;
  readonly volatility: number;
  readonly sharpeRatio: number;
  readonly sortinoRatio: number;
  readonly calmarRatio: number;
  /** Deepest decline of the equity curve at full resolution, a fraction in [-1, 0]. */
  readonly maxDrawdown: number;
  /** Longest time under a previous equity peak, in days (full resolution). */
  readonly maxDrawdownDays: number;
  /** Days from the deepest trough back to its peak; NaN while not recovered. */
  readonly recoveryDays: number;
}

/** Statistics computed from closed-trade PnLs. */
export interface TradeStatistics {
  readonly trades: number;
  /** Sum of the closed trades' PnL, after fees. */
  readonly netPnl: number;
  readonly winRate: number;
  readonly averageWin: number;
  readonly averageLoss: number;
  readonly profitFactor: number;
  readonly expectancy: number;
  readonly payoffRatio: number;
  readonly longestWinStreak: number;
  readonly longestLossStreak: number;
  /** Consecutive winning trades up to the latest one (0 after a loss or without trades). */
  readonly currentWinStreak: number;
  /** Consecutive losing trades up to the latest one (0 after a win or without trades). */
  readonly currentLossStreak: number;
  readonly bestTrade: number;
  readonly worstTrade: number;
  readonly tradesPerDay: number;
}

/** PnL of one calendar period (UTC day `2026-01-31` or month `2026-01`). */
export interface PeriodPnl {
  readonly period: string;
  /** Change of equity minus deposits/withdrawals; NaN without equity points in the period. */
  readonly pnl: number;
  /** Period return of the equity curve; NaN without equity points. */
  readonly return: number;
  /** PnL realised by fills (or closed trades) in the period, after fees. */
  readonly realizedPnl: number;
  /** Trades closed in the period. */
  readonly trades: number;
}

/** The window a report covers. */
export type ReportWindow = "today" | "7d" | "30d" | "all";

/** Everything `tradewatch report` prints. */
export interface PerformanceReport {
  readonly window: ReportWindow;
  /** Start of the window (epoch ms), or of the data for `all`. NaN when there is no data. */
  readonly from: number;
  readonly to: number;
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
  readonly returns: ReturnStatistics;
  readonly trades: TradeStatistics;
  readonly byStrategy: Readonly<Record<string, TradeStatistics>>;
  readonly bySymbol: Readonly<Record<string, TradeStatistics>>;
  readonly daily: readonly PeriodPnl[];
  readonly monthly: readonly PeriodPnl[];
}
