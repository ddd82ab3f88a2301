/** @module Catalog: the process and its dependencies: uptime, build, databases, errors. */

import { requestSecondsBuckets } from "../buckets.js";
import { components, severities } from "../label-values.js";
import { databaseLabel, queryTypeLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const systemMetrics = [
  {
    key: "uptime",
    name: "uptime_seconds",
    help: "Seconds since the trading process started.",
    type: "gauge",
    unit: "seconds",
    labels: [],
    domain: "system",
    seedNames: [
      { seed: "002", name: "system_uptime_seconds" },
      { seed: "004", name: "system_uptime_seconds" },
    ],
    example: "{name} < 300",
  },
  {
    key: "build_info",
    name: "build_info",
    help: "Always 1; the labels carry the running version.",
    type: "gauge",
    labels: [
      {
        name: "version",
        help: "tradewatch version.",
        bound: { kind: "universe", universe: "version", examples: ["0.1.0"] },
      },
      {
        name: "node_version",
        help: "Node.js version.",
        bound: { kind: "universe", universe: "node_version", examples: ["v20.19.0"] },
      },
    ],
    domain: "system",
    seedNames: [],
    example: "count by (version) ({name})",
  },
  {
    key: "database_connection_up",
    name: "database_connection_up",
    help: "Database connection state: 1 connected, 0 disconnected.",
    type: "gauge",
    labels: [databaseLabel],
    domain: "system",
    seedNames: [
      {
        seed: "002",
        name: "timescale_connection_status",
        note: 'Series `database="timescaledb"`.',
      },
      { seed: "002", name: "redis_connection_status", note: 'Series `database="redis"`.' },
    ],
    example: "min by (database) ({name}) == 0",
  },
  {
    key: "database_query_duration",
    name: "database_query_duration_seconds",
    help: "Duration of one database query.",
    type: "histogram",
    unit: "seconds",
    labels: [databaseLabel, queryTypeLabel],
    buckets: requestSecondsBuckets,
    domain: "system",
    seedNames: [
      {
        seed: "004",
        name: "database_query_duration_seconds",
        note: "`query_type` is a closed set.",
      },
    ],
  },
  {
    key: "database_pool_usage",
    name: "database_connection_pool_usage_ratio",
    help: "Connections in use over pool size (0-1).",
    type: "gauge",
    unit: "ratio",
    labels: [databaseLabel],
    domain: "system",
    seedNames: [
      { seed: "004", name: "database_connection_pool_usage", note: "Unit suffix `_ratio`." },
    ],
  },
  {
    key: "errors",
    name: "errors_total",
    help: "Errors handled or thrown, by component and severity.",
    type: "counter",
    labels: [
      {
        name: "component",
        help: "Where the error arose.",
        bound: { kind: "enum", values: components },
      },
      { name: "severity", help: "How bad it is.", bound: { kind: "enum", values: severities } },
    ],
    domain: "system",
    seedNames: [
      {
        seed: "004",
        name: "errors_total",
        note: "`component` and `severity`, not the unbounded error type.",
      },
      { seed: "004", name: "critical_errors_total", note: 'Series `severity="critical"`.' },
    ],
    example: 'sum by (component) (rate({name}{severity="critical"}[5m]))',
  },
] as const satisfies readonly MetricDefinition[];
