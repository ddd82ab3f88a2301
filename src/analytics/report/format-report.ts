/** @module Renders a performance report as the text `tradewatch report` prints. */
import type { PerformanceReport, PeriodPnl, TradeStatistics } from "./types.js";

const NOT_AVAILABLE = "n/a";

function number(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : NOT_AVAILABLE;
}

function percent(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)} %` : NOT_AVAILABLE;
}

function time(value: number): string {
  return Number.isFinite(value)
    ? `${new Date(value).toISOString().slice(0, 16).replace("T", " ")}`
    : NOT_AVAILABLE;
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    `  ${row.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ")}`.trimEnd(),
  );
}

function groupTable(title: string, groups: Readonly<Record<string, TradeStatistics>>): string[] {
  const names = Object.keys(groups);
  if (names.length === 0) return [];
  const rows = [
    [title, "trades", "net PnL", "win rate", "profit factor", "expectancy", "best", "worst"],
    ...names.map((name) => {
      const s = groups[name]!;
      return [
        name,
        String(s.trades),
        number(s.netPnl),
        percent(s.winRate, 1),
        number(s.profitFactor),
        number(s.expectancy),
        number(s.bestTrade),
        number(s.worstTrade),
      ];
    }),
  ];
  return ["", ...table(rows, new Set([1, 2, 3, 4, 5, 6, 7]))];
}

function calendarTable(title: string, periods: readonly PeriodPnl[]): string[] {
  if (periods.length === 0) return [];
  const rows = [
    [title, "PnL", "return", "realised", "trades"],
    ...periods.map((p) => [
      p.period,
      number(p.pnl),
      percent(p.return),
      number(p.realizedPnl),
      String(p.trades),
    ]),
  ];
  return ["", ...table(rows, new Set([1, 2, 3, 4]))];
}

/**
 * Returns the report as aligned plain text: the window and conventions, return statistics, trade
 * statistics, then tables by strategy, by symbol, by day and by month. Undefined values print as
 * `n/a`; ratios print as numbers, fractions as percentages.
 */
export function formatReport(report: PerformanceReport): string {
  const r = report.returns;
  const t = report.trades;
  const recovery = Number.isNaN(r.recoveryDays)
    ? r.maxDrawdown < 0
      ? "not recovered"
      : NOT_AVAILABLE
    : `${number(r.recoveryDays, 1)} days`;
  const lines = [
    `Performance (${report.window}): ${time(report.from)} to ${time(report.to)} UTC, ${report.periodsPerYear} periods a year, risk-free rate ${percent(report.riskFreeRate)}`,
    "",
    `Returns (${r.periods} daily period${r.periods === 1 ? "" : "s"})`,
    ...table(
      [
        ["Total return", percent(r.totalReturn)],
        ["CAGR", percent(r.cagr)],
        ["Volatility (annualised)", percent(r.volatility)],
        ["Sharpe ratio", number(r.sharpeRatio)],
        ["Sortino ratio", number(r.sortinoRatio)],
        ["Calmar ratio", number(r.calmarRatio)],
        ["Max drawdown", percent(r.maxDrawdown)],
        [
          "Max drawdown duration",
          Number.isFinite(r.maxDrawdownDays)
            ? `${number(r.maxDrawdownDays, 1)} days`
            : NOT_AVAILABLE,
        ],
        ["Recovery time", recovery],
      ],
      new Set([1]),
    ),
    "",
    `Trades (${t.trades})`,
    ...table(
      [
        ["Net PnL", number(t.netPnl)],
        ["Win rate", percent(t.winRate)],
        ["Average win", number(t.averageWin)],
        ["Average loss", number(t.averageLoss)],
        ["Profit factor", number(t.profitFactor)],
        ["Expectancy", number(t.expectancy)],
        ["Payoff ratio", number(t.payoffRatio)],
        ["Longest win streak", String(t.longestWinStreak)],
        ["Longest loss streak", String(t.longestLossStreak)],
        ["Best trade", number(t.bestTrade)],
        ["Worst trade", number(t.worstTrade)],
        ["Trades per day", number(t.tradesPerDay)],
      ],
      new Set([1]),
    ),
    ...groupTable("strategy", report.byStrategy),
    ...groupTable("symbol", report.bySymbol),
    ...calendarTable("day", report.daily),
    ...calendarTable("month", report.monthly),
  ];
  return `${lines.join("\n")}\n`;
}
