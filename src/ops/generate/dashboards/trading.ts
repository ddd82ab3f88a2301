/** @module The Trading dashboard: seed 001's ten panels, and the win rate its broken query meant. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Trading dashboard. */
export function tradingDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-trading",
    file: "trading",
    title: "Tradewatch / Trading",
    description:
      "Seed 001's trading dashboard: value, PnL, positions, exposure, drawdown, trades, rejections, latency, breakers.",
    tags: ["tradewatch", "trading"],
    rows: [
      {
        title: "Account",
        panels: [
          {
            kind: "timeseries",
            title: "Account value",
            feed: "default run",
            description: "Total portfolio value (cash and positions at mark).",
            unit: "currencyUSD",
            width: 12,
            queries: [{ expr: m("portfolio_value_usd"), legend: "{{instance}}" }],
          },
          {
            kind: "timeseries",
            title: "Daily PnL %",
            feed: "default run",
            description: "Today's return as a fraction of the day's opening value.",
            unit: "percentunit",
            width: 12,
            queries: [{ expr: m("portfolio_daily_return_ratio"), legend: "{{instance}}" }],
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
            kind: "gauge",
            title: "Exposure",
            feed: "default run",
            description: "At-risk exposure: green below 70 %, yellow to 90 %, red above.",
            unit: "percentunit",
            min: 0,
            max: 1,
            width: 6,
            thresholds: [
              [null, "green"],
              [0.7, "yellow"],
              [0.9, "red"],
            ],
            queries: [
              { expr: `max(${m("portfolio_exposure_ratio")}{type="at_risk"})`, instant: true },
            ],
          },
          {
            kind: "stat",
            title: "Max drawdown",
            feed: "default run",
            description: "Worst peak-to-trough decline so far.",
            unit: "percentunit",
            width: 6,
            thresholds: [
              [null, "green"],
              [0.08, "yellow"],
              [0.15, "red"],
            ],
            queries: [{ expr: `max(${m("portfolio_max_drawdown_ratio")})`, instant: true }],
          },
          {
            kind: "stat",
            title: "Trades in range",
            feed: "default run",
            description:
              "Trades executed in the selected time range (counter increase, so restarts do not reset it).",
            unit: "short",
            width: 6,
            queries: [{ expr: `sum(increase(${m("trades_total")}[$__range]))`, instant: true }],
          },
        ],
      },
      {
        title: "Risk and system",
        panels: [
          {
            kind: "timeseries",
            title: "Risk rejections by reason",
            feed: "default run",
            description: "Proposals the risk engine blocked, per second, stacked by reason.",
            unit: "ops",
            stacked: true,
            queries: [
              { expr: `sum by (reason) (${r("risk_rejections:rate5m")})`, legend: "{{reason}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "API latency p95",
            feed: "default run",
            description: "95th percentile exchange API call duration by endpoint.",
            unit: "s",
            queries: [
              {
                expr: `max by (endpoint) (${r("exchange_api_request_duration_seconds:p95_5m")})`,
                legend: "{{endpoint}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Circuit breaker trips",
            feed: "default run",
            description: "Breaker trips in each 5-minute window, by breaker.",
            unit: "short",
            queries: [
              {
                expr: `sum by (breaker) (increase(${m("circuit_breaker_trips_total")}[5m]))`,
                legend: "{{breaker}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Cycle duration p95",
            feed: "default run",
            description: "95th percentile trading cycle duration (SlowCycles alerts above 45 s).",
            unit: "s",
            thresholds: [
              [null, "green"],
              [45, "red"],
            ],
            queries: [{ expr: `max(${r("cycle_duration_seconds:p95_5m")})`, legend: "p95" }],
          },
          {
            kind: "stat",
            title: "Win rate (24 h)",
            feed: "default run",
            description:
              "Closed positions that won, over the last 24 hours. Seed 001 queried an `outcome` label its trade counter did not have; ours is on positions_closed_total.",
            unit: "percentunit",
            queries: [
              {
                expr: `sum(increase(${m("positions_closed_total")}{outcome="win"}[24h])) / sum(increase(${m("positions_closed_total")}[24h]))`,
                instant: true,
              },
            ],
          },
        ],
      },
    ],
  };
}
