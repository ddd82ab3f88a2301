/** @module Builds a performance report from trades, an equity curve and cash flows. */

import type { EquityPoint } from "../journal/types.js";
import { cagr } from "../statistics/cagr.js";
import { calmarRatio } from "../statistics/calmar-ratio.js";
import { resolveOptions } from "../statistics/resolve-options.js";
import { sharpeRatio } from "../statistics/sharpe-ratio.js";
import { sortinoRatio } from "../statistics/sortino-ratio.js";
import { totalReturn } from "../statistics/total-return.js";
import type { StatisticOptions } from "../statistics/types.js";
import { volatility } from "../statistics/volatility.js";
import { equityDrawdown } from "./equity-drawdown.js";
import { periodKey, periodReturns } from "./period-returns.js";
import { tradeStatistics } from "./trade-statistics.js";
import type {
  FlowInput,
  PerformanceReport,
  PeriodPnl,
  RealizedInput,
  ReportWindow,
  TradeInput,
  TradeStatistics,
} from "./types.js";
import { wealthIndex } from "./wealth-index.js";

/** What a report is computed from; every array sorted by time. */
export interface ReportInput {
  readonly trades: readonly TradeInput[];
  readonly equity: readonly EquityPoint[];
  /** The last equity point before the window, the base of the first return. */
  readonly baseline?: EquityPoint | undefined;
  /** Deposits and withdrawals, excluded from returns and PnL. */
  readonly flows?: readonly FlowInput[] | undefined;
  /** Realised PnL per fill, for realised PnL by period; closed trades' PnL when omitted. */
  readonly realized?: readonly RealizedInput[] | undefined;
}

/** Window and conventions of a report. */
export interface ReportOptions extends StatisticOptions {
  readonly window?: ReportWindow | undefined;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/**
 * Computes a {@link PerformanceReport}: return statistics from the daily returns of the equity
 * curve (NautilusTrader's convention: daily returns, annualised with `periodsPerYear`), drawdown
 * from its flow-adjusted wealth index at full resolution, trade statistics from closed trades for the whole account,
 * by strategy and by symbol, and PnL by UTC day and month. Pure: the same input gives the same
 * report.
 */
export function buildPerformanceReport(
  input: ReportInput,
  options: ReportOptions = {},
): PerformanceReport {
  const resolved = resolveOptions(options);
  const flows = input.flows ?? [];
  const daily = periodReturns(input.equity, "day", flows, input.baseline);
  const monthly = periodReturns(input.equity, "month", flows, input.baseline);
  const drawdown = equityDrawdown(wealthIndex(input.equity, flows, input.baseline));
  const returns = daily.returns;
  const firstTime = Math.min(
    input.baseline?.timestamp ?? Number.POSITIVE_INFINITY,
    input.equity[0]?.timestamp ?? Number.POSITIVE_INFINITY,
    input.trades[0]?.closedAt ?? Number.POSITIVE_INFINITY,
  );
  const lastTime = Math.max(
    input.equity.at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY,
    input.trades.at(-1)?.closedAt ?? Number.NEGATIVE_INFINITY,
  );
  const from = options.from ?? (Number.isFinite(firstTime) ? firstTime : Number.NaN);
  const to = options.to ?? (Number.isFinite(lastTime) ? lastTime : Number.NaN);
  const window = {
    from: Number.isNaN(from) ? undefined : from,
    to: Number.isNaN(to) ? undefined : to,
  };

  const byStrategy = group(input.trades, (trade) => trade.strategy, window);
  const bySymbol = group(input.trades, (trade) => trade.symbol, window);
  const realized =
    input.realized ??
    input.trades.map((trade) => ({
      timestamp: trade.closedAt,
      realizedPnl: trade.pnl,
      strategy: trade.strategy,
      symbol: trade.symbol,
    }));

  return {
    window: options.window ?? "all",
    from,
    to,
    periodsPerYear: resolved.periodsPerYear,
    riskFreeRate: resolved.riskFreeRate,
    returns: {
      periods: returns.length,
      totalReturn: totalReturn(returns),
      cagr: cagr(returns, resolved),
      volatility: volatility(returns, resolved),
      sharpeRatio: sharpeRatio(returns, resolved),
      sortinoRatio: sortinoRatio(returns, resolved),
      calmarRatio: calmarRatio(returns, resolved),
      maxDrawdown: drawdown.depth,
      maxDrawdownDays: drawdown.durationDays,
      recoveryDays: drawdown.recoveryDays,
    },
    trades: tradeStatistics(input.trades, window),
    byStrategy,
    bySymbol,
    daily: calendar("day", daily, realized, input.trades),
    monthly: calendar("month", monthly, realized, input.trades),
  };
}

function group(
  trades: readonly TradeInput[],
  key: (trade: TradeInput) => string,
  window: { from?: number | undefined; to?: number | undefined },
): Record<string, TradeStatistics> {
  const groups = new Map<string, TradeInput[]>();
  for (const trade of trades) {
    const name = key(trade);
    const list = groups.get(name);
    if (list === undefined) groups.set(name, [trade]);
    else list.push(trade);
  }
  const result: Record<string, TradeStatistics> = {};
  for (const name of [...groups.keys()].sort())
    result[name] = tradeStatistics(groups.get(name)!, window);
  return result;
}

function calendar(
  period: "day" | "month",
  returns: ReturnType<typeof periodReturns>,
  realized: readonly RealizedInput[],
  trades: readonly TradeInput[],
): PeriodPnl[] {
  const rows = new Map<
    string,
    { pnl: number; return: number; realizedPnl: number; trades: number }
  >();
  const row = (key: string) => {
    let existing = rows.get(key);
    if (existing === undefined) {
      existing = { pnl: Number.NaN, return: Number.NaN, realizedPnl: 0, trades: 0 };
      rows.set(key, existing);
    }
    return existing;
  };
  returns.periods.forEach((key, index) => {
    const entry = row(key);
    entry.pnl = returns.pnl[index]!;
    entry.return = returns.returns[index]!;
  });
  for (const item of realized)
    row(periodKey(item.timestamp, period)).realizedPnl += item.realizedPnl;
  for (const trade of trades) row(periodKey(trade.closedAt, period)).trades++;
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ period: key, ...value }));
}
