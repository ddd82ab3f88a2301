/** @module The Portfolio performance dashboard: seed 002's second dashboard and the analytics' statistics. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Portfolio performance dashboard. */
export function portfolioPerformanceDashboard({ metric: m }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-portfolio-performance",
    file: "portfolio-performance",
    title: "Tradewatch / Portfolio performance",
    description:
      "Seed 002's portfolio dashboard: value, PnL, return, drawdown, positions, trades, and per-strategy statistics.",
    tags: ["tradewatch", "portfolio"],
    rows: [
      {
        title: "Portfolio",
        panels: [
          {
            kind: "timeseries",
            title: "Portfolio value and cash",
            feed: "default run",
            description: "Total value (cash plus positions at mark) and cash.",
            unit: "currencyUSD",
            width: 12,
            queries: [
              { expr: m("portfolio_value_usd"), legend: "Value {{instance}}" },
              { expr: m("portfolio_cash_usd"), legend: "Cash {{instance}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Daily PnL",
            feed: "default run",
            description: "Profit or loss since the start of the day.",
            unit: "currencyUSD",
            width: 12,
            queries: [{ expr: m("portfolio_daily_pnl_usd"), legend: "{{instance}}" }],
          },
          {
            kind: "stat",
            title: "Total return",
            feed: "default run",
            description: "Return since inception, as a fraction.",
            unit: "percentunit",
            width: 6,
            queries: [{ expr: `max(${m("portfolio_total_return_ratio")})`, instant: true }],
          },
          {
            kind: "stat",
            title: "Drawdown (now / max)",
            feed: "default run",
            description: "Current decline from peak, and the worst so far.",
            unit: "percentunit",
            width: 6,
            queries: [
              { expr: `max(${m("portfolio_drawdown_ratio")})`, legend: "now", instant: true },
              { expr: `max(${m("portfolio_max_drawdown_ratio")})`, legend: "max", instant: true },
            ],
          },
          {
            kind: "stat",
            title: "Open positions",
            feed: "default run",
            description: "Positions currently open.",
            unit: "short",
            width: 6,
            queries: [{ expr: `sum(${m("portfolio_open_positions")})`, instant: true }],
          },
          {
            kind: "stat",
            title: "Trades today",
            feed: "default run",
            description: "Trades in the last 24 hours.",
            unit: "short",
            width: 6,
            queries: [{ expr: `sum(increase(${m("trades_total")}[1d]))`, instant: true }],
          },
        ],
      },
      {
        title: "Performance statistics",
        panels: [
          {
            kind: "table",
            title: "Statistics by strategy",
            feed: "Fed by the trade journal (off with --no-journal); the Sharpe column needs at least 2 market days of daily returns, so it starts empty.",
            description:
              "Win ratio, profit factor, Sharpe ratio and max drawdown from the trade journal.",
            width: 24,
            queries: [
              { expr: `max by (strategy) (${m("performance_win_ratio")})`, legend: "win ratio" },
              {
                expr: `max by (strategy) (${m("performance_profit_factor")})`,
                legend: "profit factor",
              },
              { expr: `max by (strategy) (${m("performance_sharpe_ratio")})`, legend: "Sharpe" },
              {
                expr: `max by (strategy) (${m("performance_max_drawdown_ratio")})`,
                legend: "max drawdown",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Average win and loss",
            feed: "default run",
            description:
              "Average winning and losing trade, by strategy. Fed by the trade journal: empty with --no-journal.",
            unit: "currencyUSD",
            width: 12,
            queries: [
              { expr: m("performance_average_win_usd"), legend: "win {{strategy}}" },
              { expr: m("performance_average_loss_usd"), legend: "loss {{strategy}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Streaks",
            feed: "default run",
            description:
              "Current winning and losing streaks, by strategy. Fed by the trade journal: empty with --no-journal.",
            unit: "short",
            width: 12,
            queries: [
              { expr: m("performance_win_streak"), legend: "wins {{strategy}}" },
              { expr: m("performance_loss_streak"), legend: "losses {{strategy}}" },
            ],
          },
        ],
      },
    ],
  };
}
