/** @module The Errors dashboard (seed 004 phase 8): exceptions by component and type, handled errors by severity, API, AI and provider errors, data-quality incidents and rejected orders, in one place. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the Errors dashboard. */
export function errorsDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  const perMinute = (name: string, by: string) =>
    `sum by (${by}) (rate(${m(name)}[$__rate_interval])) * 60`;
  return {
    uid: "tradewatch-errors",
    file: "errors",
    title: "Tradewatch / Errors",
    description:
      "Seed 004's error tracking: exceptions and handled errors by component, exchange API, AI and provider errors, data-quality incidents and rejected orders.",
    tags: ["tradewatch", "errors"],
    rows: [
      {
        title: "Exceptions and errors",
        panels: [
          {
            kind: "timeseries",
            title: "Exceptions by component and type",
            feed: "Fed by exceptions: the lines appear with the first exception counted (uncaught exceptions and unhandled rejections through the process hook, or errors a component records).",
            description:
              "Exceptions per minute by component and normalised error type, uncaught exceptions and unhandled rejections included.",
            unit: "short",
            width: 12,
            stacked: true,
            queries: [
              {
                expr: perMinute("exceptions_total", "component, error_type"),
                legend: "{{component}} {{error_type}}",
              },
            ],
          },
          {
            kind: "table",
            title: "Exceptions, last 24 h",
            feed: "Fed by exceptions: the rows appear with the first exception counted.",
            description: "Exceptions over the trailing 24 hours by component and error type.",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `sum by (component, error_type) (increase(${m("exceptions_total")}[24h]))`,
                instant: true,
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Errors by severity",
            feed: "default run",
            description:
              "Errors handled or thrown per minute, by severity (critical errors page through the alert rules).",
            unit: "short",
            width: 12,
            stacked: true,
            queries: [{ expr: perMinute("errors_total", "severity"), legend: "{{severity}}" }],
          },
          {
            kind: "bargauge",
            title: "Errors by component, last hour",
            feed: "default run",
            description: "Errors handled or thrown in the last hour, by component.",
            unit: "short",
            width: 12,
            queries: [
              {
                expr: `sum by (component) (increase(${m("errors_total")}[1h]))`,
                legend: "{{component}}",
                instant: true,
              },
            ],
          },
        ],
      },
      {
        title: "API, AI and providers",
        panels: [
          {
            kind: "stat",
            title: "Exchange API error streak",
            feed: "default run",
            description:
              "Failed exchange API calls since the last successful one (APIErrorBurst alerts at 2).",
            unit: "short",
            thresholds: [
              [null, "green"],
              [2, "red"],
            ],
            queries: [{ expr: `max(${m("exchange_api_consecutive_errors")})`, instant: true }],
          },
          {
            kind: "timeseries",
            title: "Exchange API errors by type",
            feed: "Fed by exchange API errors: they stay empty while every call succeeds (provoke some with `tradewatch run --fault-rate 0.05`).",
            description: "Exchange API errors per second by normalised error type.",
            unit: "ops",
            queries: [
              {
                expr: `sum by (error_type) (${r("exchange_api_errors:rate5m")})`,
                legend: "{{error_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "AI request errors",
            feed: "Needs the AI analyst: tradewatch run with ANTHROPIC_API_KEY or OPENAI_API_KEY set, and a failed model request.",
            description: "Failed AI model requests per minute, by model and normalised error type.",
            unit: "short",
            queries: [
              {
                expr: perMinute("ai_request_errors_total", "model, error_type"),
                legend: "{{model}} {{error_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Provider errors",
            feed: "default run",
            description:
              "Failed calls to external data providers per minute, by provider and normalised error type.",
            unit: "short",
            queries: [
              {
                expr: perMinute("provider_errors_total", "provider, error_type"),
                legend: "{{provider}} {{error_type}}",
              },
            ],
          },
        ],
      },
      {
        title: "Data quality and orders",
        panels: [
          {
            kind: "timeseries",
            title: "Data validation errors",
            feed: "default run",
            description: "Market data that failed validation, per minute by error type.",
            unit: "short",
            queries: [
              {
                expr: perMinute("data_validation_errors_total", "error_type"),
                legend: "{{error_type}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Clock drift, normalisation, dead letters",
            feed: "default run",
            description:
              "Ticks rejected for clock drift, ticks that could not be normalised, and messages dead-lettered, per minute.",
            unit: "short",
            queries: [
              {
                expr: `sum(rate(${m("data_clock_drift_rejections_total")}[$__rate_interval])) * 60`,
                legend: "clock drift",
              },
              {
                expr: `sum(rate(${m("data_normalization_errors_total")}[$__rate_interval])) * 60`,
                legend: "normalisation",
              },
              {
                expr: `sum(rate(${m("data_dead_letter_messages_total")}[$__rate_interval])) * 60`,
                legend: "dead letters",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Rejected orders by reason",
            feed: "default run",
            description:
              "Orders the exchange rejected, per minute by normalised reason (risk-engine denials are on the Risk dashboard).",
            unit: "short",
            queries: [{ expr: perMinute("orders_rejected_total", "reason"), legend: "{{reason}}" }],
          },
        ],
      },
    ],
  };
}
