/** @module The Risk dashboard: breakers, kill switches, exposure against its caps, drawdown, and every reason a trade was refused. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Risk dashboard. */
export function riskDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-risk",
    file: "risk",
    title: "Tradewatch / Risk",
    description:
      "What the risk engine sees and does: breakers, kill switches, exposure, drawdown, rejections and exits.",
    tags: ["tradewatch", "risk"],
    rows: [
      {
        title: "Halts",
        panels: [
          {
            kind: "stat",
            title: "Circuit breakers",
            feed: "default run",
            description: "Each breaker: SAFE or TRIPPED.",
            width: 12,
            mappings: { "0": ["SAFE", "green"], "1": ["TRIPPED", "red"] },
            queries: [
              {
                expr: `max by (breaker) (${m("circuit_breaker_open")})`,
                legend: "{{breaker}}",
                instant: true,
              },
            ],
          },
          {
            kind: "stat",
            title: "Kill switches",
            feed: "default run",
            description: "Each kill switch: OFF or ACTIVE.",
            width: 12,
            mappings: { "0": ["OFF", "green"], "1": ["ACTIVE", "red"] },
            queries: [
              {
                expr: `max by (switch_type) (${m("kill_switch_active")})`,
                legend: "{{switch_type}}",
                instant: true,
              },
            ],
          },
        ],
      },
      {
        title: "Exposure and drawdown",
        panels: [
          {
            kind: "timeseries",
            title: "Exposure against the 30 % warning",
            feed: "default run",
            description: "At-risk and pending exposure (HighExposure alerts above 30 % at risk).",
            unit: "percentunit",
            min: 0,
            thresholds: [
              [null, "green"],
              [0.3, "red"],
            ],
            queries: [{ expr: m("portfolio_exposure_ratio"), legend: "{{type}}" }],
          },
          {
            kind: "timeseries",
            title: "Position value by symbol",
            feed: "default run",
            description: "Market value of each open position.",
            unit: "currencyUSD",
            stacked: true,
            queries: [
              {
                expr: `sum by (symbol) (${m("portfolio_position_value_usd")})`,
                legend: "{{symbol}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Drawdown",
            feed: "default run",
            description:
              "Current and maximum drawdown (LargeDrawdown at 8 %, SevereDrawdown at 15 %).",
            unit: "percentunit",
            min: 0,
            thresholds: [
              [null, "green"],
              [0.08, "yellow"],
              [0.15, "red"],
            ],
            queries: [
              { expr: `max(${m("portfolio_drawdown_ratio")})`, legend: "current" },
              { expr: `max(${m("portfolio_max_drawdown_ratio")})`, legend: "max" },
            ],
          },
        ],
      },
      {
        title: "Refusals and exits",
        panels: [
          {
            kind: "timeseries",
            title: "Risk rejections by reason",
            feed: "default run",
            description: "Proposals the risk engine refused, per second.",
            unit: "ops",
            stacked: true,
            queries: [
              { expr: `sum by (reason) (${r("risk_rejections:rate5m")})`, legend: "{{reason}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "No-trade cycles by reason",
            feed: "default run",
            description: "Cycles that ended without a trade, per second.",
            unit: "ops",
            stacked: true,
            queries: [
              { expr: `sum by (reason) (${r("no_trade_cycles:rate5m")})`, legend: "{{reason}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Rate-limit utilisation",
            feed: "default run",
            description:
              "Fraction of the exchange rate limit in use (the rate_limit breaker trips near 1).",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [
              { expr: `max(${m("exchange_rate_limit_utilization_ratio")})`, legend: "utilisation" },
            ],
          },
          {
            kind: "timeseries",
            title: "Daily PnL",
            feed: "default run",
            description:
              "Profit or loss since the start of the day (the daily stop loss acts on it).",
            unit: "currencyUSD",
            queries: [{ expr: m("portfolio_daily_pnl_usd"), legend: "{{instance}}" }],
          },
          {
            kind: "timeseries",
            title: "Constitution checks",
            feed: "default run",
            description: "Rule checks per minute by result.",
            unit: "short",
            queries: [
              {
                expr: `sum by (result) (rate(${m("constitution_checks_total")}[$__rate_interval])) * 60`,
                legend: "{{result}}",
              },
            ],
          },
        ],
      },
    ],
  };
}
