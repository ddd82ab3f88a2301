/** @module The Operations dashboard: seed 000's five rows (portfolio health, execution quality, circuit breakers, no-trade, latency). */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Operations dashboard. */
export function operationsDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-operations",
    file: "operations",
    title: "Tradewatch / Operations",
    description:
      "Seed 000's operations view: exposure, execution quality, breakers, no-trade reasons and latency.",
    tags: ["tradewatch", "operations"],
    rows: [
      {
        title: "Portfolio health",
        panels: [
          {
            kind: "timeseries",
            title: "Exposure",
            feed: "default run",
            description:
              "At-risk and pending exposure as a fraction of account value; total is their sum.",
            unit: "percentunit",
            min: 0,
            max: 1,
            width: 12,
            queries: [
              { expr: `${m("portfolio_exposure_ratio")}{type="at_risk"}`, legend: "At risk" },
              { expr: `${m("portfolio_exposure_ratio")}{type="pending"}`, legend: "Pending" },
              { expr: `sum without (type) (${m("portfolio_exposure_ratio")})`, legend: "Total" },
            ],
          },
          {
            kind: "timeseries",
            title: "Open positions and pending orders",
            feed: "default run",
            description: "Positions above dust and orders not yet filled or cancelled.",
            unit: "short",
            min: 0,
            width: 12,
            queries: [
              { expr: m("portfolio_open_positions"), legend: "Open positions" },
              { expr: m("portfolio_pending_orders"), legend: "Pending orders" },
            ],
          },
        ],
      },
      {
        title: "Execution quality",
        panels: [
          {
            kind: "gauge",
            title: "Fill ratio (15 min, target > 85 %)",
            feed: "default run",
            description: "Orders filled per order placed over 15 minutes, from the order counters.",
            unit: "percentunit",
            min: 0,
            max: 1,
            thresholds: [
              [null, "red"],
              [0.7, "yellow"],
              [0.85, "green"],
            ],
            queries: [{ expr: `max(${r("order_fill:ratio_rate15m")})`, instant: true }],
          },
          {
            kind: "timeseries",
            title: "Fills and rejections",
            feed: "default run",
            description: "Fills by side and rejections, per second.",
            unit: "ops",
            queries: [
              { expr: `sum by (side) (${r("orders_filled:rate5m")})`, legend: "{{side}} fills" },
              { expr: `sum(${r("orders_rejected:rate5m")})`, legend: "Rejections" },
            ],
          },
          {
            kind: "bargauge",
            title: "Top rejection reasons",
            feed: "default run",
            description: "The five most frequent rejection reasons over the last hour.",
            unit: "short",
            queries: [
              {
                expr: `topk(5, sum by (reason) (increase(${m("orders_rejected_total")}[1h])))`,
                legend: "{{reason}}",
                instant: true,
              },
            ],
          },
        ],
      },
      {
        title: "Circuit breakers",
        panels: [
          {
            kind: "stat",
            title: "Breaker state",
            feed: "default run",
            description: "Each circuit breaker: SAFE (closed) or TRIPPED (open, trading halted).",
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
            kind: "timeseries",
            title: "Breaker trips per hour",
            feed: "default run",
            description: "Trips in the trailing hour, by breaker.",
            unit: "short",
            queries: [
              {
                expr: `sum by (breaker) (increase(${m("circuit_breaker_trips_total")}[1h]))`,
                legend: "{{breaker}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "API health",
            feed: "Fed by exchange API errors for the per-type lines: they stay empty while every call succeeds (provoke some with `tradewatch run --fault-rate 0.05`).",
            description:
              "Consecutive exchange API errors (APIErrorBurst at 2) and errors per second by type.",
            unit: "short",
            thresholds: [
              [null, "green"],
              [2, "red"],
            ],
            queries: [
              { expr: `max(${m("exchange_api_consecutive_errors")})`, legend: "Error streak" },
              {
                expr: `sum by (error_type) (${r("exchange_api_errors:rate5m")})`,
                legend: "{{error_type}} /s",
              },
            ],
          },
        ],
      },
      {
        title: "No-trade tracking",
        panels: [
          {
            kind: "bargauge",
            title: "Top no-trade reasons",
            feed: "default run",
            description: "Why cycles ended without a trade, over the last hour.",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `topk(10, sum by (reason) (increase(${m("no_trade_cycles_total")}[1h])))`,
                legend: "{{reason}}",
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Cycles per minute by status",
            feed: "default run",
            description: "Completed trading cycles per minute.",
            unit: "short",
            width: 12,
            stacked: true,
            queries: [
              { expr: `sum by (status) (${r("cycles:rate5m")}) * 60`, legend: "{{status}}" },
            ],
          },
        ],
      },
      {
        title: "Latency and performance",
        panels: [
          {
            kind: "timeseries",
            title: "Cycle duration",
            feed: "default run",
            description: "Mean and 95th percentile of the trading cycle.",
            unit: "s",
            width: 12,
            queries: [
              {
                expr: `sum(rate(${m("cycle_duration_seconds_sum")}[$__rate_interval])) / sum(rate(${m("cycle_duration_seconds_count")}[$__rate_interval]))`,
                legend: "Mean",
              },
              { expr: `max(${r("cycle_duration_seconds:p95_5m")})`, legend: "p95" },
            ],
          },
          {
            kind: "timeseries",
            title: "Stage duration p95",
            feed: "default run",
            description: "95th percentile duration of each cycle stage.",
            unit: "s",
            width: 12,
            queries: [
              {
                expr: `max by (stage) (${r("cycle_stage_duration_seconds:p95_5m")})`,
                legend: "{{stage}}",
              },
            ],
          },
        ],
      },
    ],
  };
}
