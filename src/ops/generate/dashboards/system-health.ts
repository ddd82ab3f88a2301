/** @module The System health dashboard: seed 002's third dashboard, plus scrape health, HTTP and errors. */
import type { DashboardSpec } from "../dashboard-builder.js";
import type { DashboardNames } from "../dashboards.js";

/** Returns the System health dashboard. */
export function systemHealthDashboard({ metric: m, recorded: r }: DashboardNames): DashboardSpec {
  return {
    uid: "tradewatch-system-health",
    file: "system-health",
    title: "Tradewatch / System health",
    description:
      "Seed 002's system health: kill switch, uptime, databases, rule violations, feature-store latency; plus scrapes, HTTP and errors.",
    tags: ["tradewatch", "system"],
    rows: [
      {
        title: "Status",
        panels: [
          {
            kind: "stat",
            title: "Bot scrape",
            feed: "default run",
            description:
              "Whether Prometheus reaches each target of the selected job (TradingBotDown fires after a minute down).",
            width: 6,
            mappings: { "0": ["DOWN", "red"], "1": ["UP", "green"] },
            queries: [{ expr: "up", legend: "{{instance}}", instant: true }],
          },
          {
            kind: "stat",
            title: "Kill switch",
            feed: "default run",
            description: "Each kill switch: ACTIVE halts trading.",
            width: 6,
            mappings: { "0": ["OFF", "green"], "1": ["ACTIVE", "red"] },
            queries: [
              {
                expr: `max by (switch_type) (${m("kill_switch_active")})`,
                legend: "{{switch_type}}",
                instant: true,
              },
            ],
          },
          {
            kind: "stat",
            title: "Uptime",
            feed: "default run",
            description: "Time since the bot process started.",
            unit: "s",
            width: 6,
            queries: [{ expr: `max(${m("uptime_seconds")})`, instant: true }],
          },
          {
            kind: "stat",
            title: "Databases",
            feed: "default run",
            description: "Connection state of each database.",
            width: 6,
            mappings: { "0": ["DISCONNECTED", "red"], "1": ["CONNECTED", "green"] },
            queries: [
              {
                expr: `min by (database) (${m("database_connection_up")})`,
                legend: "{{database}}",
                instant: true,
              },
            ],
          },
        ],
      },
      {
        title: "Rules, storage and errors",
        panels: [
          {
            kind: "timeseries",
            title: "Constitution violations per hour",
            feed: "default run",
            description: "Rule violations in the trailing hour, by rule.",
            unit: "short",
            queries: [
              {
                expr: `sum by (rule) (increase(${m("constitution_violations_total")}[1h]))`,
                legend: "{{rule}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Feature store and database latency p95",
            feed: "default run",
            description:
              "95th percentile feature-store query time and database query time by database.",
            unit: "s",
            queries: [
              {
                expr: `max(${r("feature_store_query_duration_seconds:p95_5m")})`,
                legend: "feature store",
              },
              {
                expr: `histogram_quantile(0.95, sum by (database, le) (rate(${m("database_query_duration_seconds_bucket")}[$__rate_interval])))`,
                legend: "{{database}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Connection pool usage",
            feed: "Needs a Postgres pool (tradewatch run --postgres-url, or a pg Pool wrapped with tradewatch/instrument); the default run's SQLite journal has one connection and no pool.",
            description: "Fraction of each database's connection pool in use.",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [
              {
                expr: `max by (database) (${m("database_connection_pool_usage_ratio")})`,
                legend: "{{database}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "Errors by component",
            feed: "default run",
            description: "Errors per second by component and severity.",
            unit: "ops",
            stacked: true,
            queries: [
              {
                expr: `sum by (component, severity) (rate(${m("errors_total")}[$__rate_interval]))`,
                legend: "{{component}} {{severity}}",
              },
            ],
          },
          {
            kind: "timeseries",
            title: "HTTP requests",
            feed: "default run",
            description:
              "Requests per second to the bot's HTTP server (tradewatch run counts its own /metrics, /health and dashboard; a bot's own API with the HTTP middleware of tradewatch/instrument), by route and status class.",
            unit: "reqps",
            queries: [
              {
                expr: `sum by (route, status_class) (rate(${m("http_requests_total")}[$__rate_interval]))`,
                legend: "{{route}} {{status_class}}",
              },
              { expr: `sum(${m("http_requests_in_flight")})`, legend: "in flight" },
            ],
          },
          {
            kind: "timeseries",
            title: "HTTP latency p95",
            feed: "default run",
            description: "95th percentile HTTP request duration by route.",
            unit: "s",
            queries: [
              {
                expr: `max by (route) (${r("http_request_duration_seconds:p95_5m")})`,
                legend: "{{route}}",
              },
            ],
          },
        ],
      },
    ],
  };
}
