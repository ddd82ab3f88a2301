/** @module The Data plane dashboard: seed 003's ingestion, quality, validation and storage metrics. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Data plane dashboard. */
export function dataPlaneDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  const perSecond = (name: string, by: string) =>
    `sum by (${by}) (rate(${m(name)}[$__rate_interval]))`;
  return {
    uid: "tradewatch-data-plane",
    file: "data-plane",
    title: "Tradewatch / Data plane",
    description:
      "Seed 003's data plane: ticks, bars and order-flow events in; freshness, completeness, validation and storage.",
    tags: ["tradewatch", "data-plane"],
    rows: [
      {
        title: "Ingestion",
        panels: [
          {
            kind: "timeseries",
            title: "Ticks per second",
            feed: "default run",
            description: "Tick events received, by source.",
            unit: "ops",
            queries: [
              { expr: perSecond("data_ticks_received_total", "source"), legend: "{{source}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Bars per second",
            feed: "default run",
            description: "Bars received, by timeframe.",
            unit: "ops",
            queries: [
              { expr: perSecond("data_bars_received_total", "timeframe"), legend: "{{timeframe}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Order-flow imbalance events",
            feed: "default run",
            description: "OFI events generated per second, by symbol.",
            unit: "ops",
            queries: [
              {
                expr: perSecond("data_order_flow_imbalance_events_total", "symbol"),
                legend: "{{symbol}}",
              },
            ],
          },
        ],
      },
      {
        title: "Quality",
        panels: [
          {
            kind: "timeseries",
            title: "Freshness p95",
            feed: "default run",
            description: "95th percentile age of market data on arrival, by source.",
            unit: "s",
            queries: [
              {
                expr: `max by (source) (${r("data_freshness_seconds:p95_5m")})`,
                legend: "{{source}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Completeness",
            feed: "default run",
            description: "Fraction of expected data points received, by symbol.",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [
              { expr: `min by (symbol) (${m("data_completeness_ratio")})`, legend: "{{symbol}}" },
            ],
          },
          {
            kind: "timeseries",
            title: "Staleness",
            feed: "default run",
            description:
              "Time since the last update of each kind of data (StaleData alerts above 300 s).",
            unit: "s",
            thresholds: [
              [null, "green"],
              [300, "red"],
            ],
            queries: [
              {
                expr: `max by (data_type) (${m("data_staleness_seconds")})`,
                legend: "{{data_type}}",
              },
            ],
          },
        ],
      },
      {
        title: "Validation and storage",
        panels: [
          {
            kind: "timeseries",
            title: "Validation errors",
            feed: "default run",
            description:
              "Validation errors per second by type (HighValidationErrorRate alerts above 10/s per source).",
            unit: "ops",
            stacked: true,
            queries: [
              {
                expr: perSecond("data_validation_errors_total", "error_type"),
                legend: "{{error_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Rejected and dead-lettered",
            feed: "default run",
            description:
              "Clock-drift rejections, normalisation errors and dead-letter messages per second.",
            unit: "ops",
            queries: [
              {
                expr: `sum(rate(${m("data_clock_drift_rejections_total")}[$__rate_interval]))`,
                legend: "clock drift",
              },
              {
                expr: `sum(rate(${m("data_normalization_errors_total")}[$__rate_interval]))`,
                legend: "normalisation",
              },
              {
                expr: `sum(rate(${m("data_dead_letter_messages_total")}[$__rate_interval]))`,
                legend: "dead letter",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Storage writes",
            feed: "default run",
            description: "Writes per second by outcome, and the 95th percentile write duration.",
            unit: "ops",
            queries: [
              { expr: perSecond("data_storage_writes_total", "outcome"), legend: "{{outcome}}" },
              {
                expr: `max(${r("data_storage_write_duration_seconds:p95_5m")})`,
                legend: "p95 write (s)",
              },
            ],
          },
        ],
      },
    ],
  };
}
