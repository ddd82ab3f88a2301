/** @module The Order plane dashboard: seed 003's execution, latency, cost and risk metrics. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Order plane dashboard. */
export function orderPlaneDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  const slippage = (quantile: number) =>
    `histogram_quantile(${quantile}, sum by (side, le) (rate(${m("order_slippage_ratio_bucket")}[$__rate_interval])))`;
  return {
    uid: "tradewatch-order-plane",
    file: "order-plane",
    title: "Tradewatch / Order plane",
    description:
      "Seed 003's order plane: the order lifecycle from intent to fill, its latencies, slippage and costs.",
    tags: ["tradewatch", "order-plane"],
    rows: [
      {
        title: "Order flow",
        panels: [
          {
            kind: "timeseries",
            title: "Orders per second",
            feed: "default run",
            description: "Intents, placed, filled, cancelled and rejected orders per second.",
            unit: "ops",
            width: 12,
            queries: [
              {
                expr: `sum(rate(${m("order_intents_total")}[$__rate_interval]))`,
                legend: "intents",
              },
              { expr: `sum(${r("orders_placed:rate5m")})`, legend: "placed" },
              { expr: `sum(${r("orders_filled:rate5m")})`, legend: "filled" },
              {
                // No cancellation yet leaves the counter without series: zero while orders flow.
                expr: `sum(rate(${m("orders_canceled_total")}[$__rate_interval])) or 0 * sum(${r("orders_placed:rate5m")})`,
                legend: "cancelled",
              },
              { expr: `sum(${r("orders_rejected:rate5m")})`, legend: "rejected" },
            ],
          },
          {
            kind: "timeseries",
            title: "Rejections by reason",
            feed: "default run",
            description: "Orders rejected per second, by normalised reason.",
            unit: "ops",
            stacked: true,
            width: 12,
            queries: [
              { expr: `sum by (reason) (${r("orders_rejected:rate5m")})`, legend: "{{reason}}" },
            ],
          },
        ],
      },
      {
        title: "Latency",
        panels: [
          {
            kind: "timeseries",
            title: "Lifecycle latency p95",
            feed: "default run",
            description:
              "95th percentile of each leg: intent to submit, submit to acknowledgement, acknowledgement to fill, and intent to fill.",
            unit: "s",
            width: 24,
            queries: [
              {
                expr: `max(${r("order_intent_to_submit_duration_seconds:p95_5m")})`,
                legend: "intent → submit",
              },
              {
                expr: `max(${r("order_submit_to_ack_duration_seconds:p95_5m")})`,
                legend: "submit → ack",
              },
              {
                expr: `max(${r("order_ack_to_fill_duration_seconds:p95_5m")})`,
                legend: "ack → fill",
              },
              {
                expr: `max(${r("order_intent_to_fill_duration_seconds:p95_5m")})`,
                legend: "intent → fill",
              },
            ],
          },
        ],
      },
      {
        title: "Costs",
        panels: [
          {
            kind: "timeseries",
            title: "Slippage",
            feed: "default run",
            description:
              "Median and 95th percentile slippage as a fraction of the expected price, by side (positive is worse).",
            unit: "percentunit",
            queries: [
              { expr: slippage(0.5), legend: "median {{side}}" },
              { expr: slippage(0.95), legend: "p95 {{side}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Commission per hour",
            feed: "default run",
            description: "Fees paid in the trailing hour.",
            unit: "currencyUSD",
            queries: [
              { expr: `sum(increase(${m("commission_usd_total")}[1h]))`, legend: "commission" },
            ],
          },
          {
            kind: "timeseries",
            title: "Participation downscales",
            feed: "default run",
            description: "Orders shrunk to the participation (POV) limit, per hour.",
            unit: "short",
            queries: [
              {
                expr: `sum(increase(${m("order_pov_downscales_total")}[1h]))`,
                legend: "downscales",
              },
            ],
          },
        ],
      },
    ],
  };
}
