/** @module Catalog: exchange API calls, errors, latency and rate limits. */

import { requestSecondsBuckets } from "../buckets.js";
import { apiErrorTypeLabel, endpointLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const exchangeApiMetrics = [
  {
    key: "exchange_api_requests",
    name: "exchange_api_requests_total",
    help: "Exchange API calls made, successful or not.",
    type: "counter",
    labels: [endpointLabel],
    domain: "exchange-api",
    seedNames: [],
  },
  {
    key: "exchange_api_errors",
    name: "exchange_api_errors_total",
    help: "Exchange API calls that failed, by normalised error type.",
    type: "counter",
    labels: [endpointLabel, apiErrorTypeLabel],
    domain: "exchange-api",
    seedNames: [
      {
        seed: "000",
        name: "exchange_api_errors_total",
        note: "Adds `endpoint`; error types are normalised from ccxt error classes and HTTP statuses as well as text.",
      },
      { seed: "001", name: "trader_api_errors_total" },
    ],
    example:
      "sum by (endpoint) (rate({name}[5m])) / sum by (endpoint) (rate({name:exchange_api_requests}[5m]))",
  },
  {
    key: "exchange_api_consecutive_errors",
    name: "exchange_api_consecutive_errors",
    help: "Failed exchange API calls since the last successful one.",
    type: "gauge",
    labels: [],
    domain: "exchange-api",
    seedNames: [{ seed: "000", name: "exchange_api_consecutive_errors" }],
    example: "{name} >= 2",
  },
  {
    key: "exchange_api_latency",
    name: "exchange_api_request_duration_seconds",
    help: "Exchange API call duration, failures included.",
    type: "histogram",
    unit: "seconds",
    labels: [endpointLabel],
    buckets: requestSecondsBuckets,
    domain: "exchange-api",
    seedNames: [
      {
        seed: "000",
        name: "exchange_api_latency_seconds",
        note: "A Histogram, not a Summary, so p95 aggregates across endpoints and bots.",
      },
      { seed: "001", name: "trader_api_latency_seconds" },
    ],
  },
  {
    key: "rate_limit_utilization",
    name: "exchange_rate_limit_utilization_ratio",
    help: "Share of the exchange's request rate limit in use (0-1).",
    type: "gauge",
    unit: "ratio",
    labels: [],
    domain: "exchange-api",
    seedNames: [
      { seed: "000", name: "exchange_rate_limit_utilization", note: "Unit suffix `_ratio` added." },
    ],
    example: "{name} > 0.8",
  },
  {
    key: "rate_limit_violations",
    name: "exchange_rate_limit_violations_total",
    help: "Requests the exchange refused for exceeding its rate limit (HTTP 429, ccxt RateLimitExceeded).",
    type: "counter",
    labels: [],
    domain: "exchange-api",
    seedNames: [{ seed: "000", name: "exchange_rate_limit_violations_total" }],
  },
] as const satisfies readonly MetricDefinition[];
