/** @module Catalog: the HTTP API: requests, duration, payload sizes and requests in flight. */

import { requestSecondsBuckets, sizeBytesBuckets } from "../buckets.js";
import { methodLabel, routeLabel, statusClassLabel } from "../labels.js";
import type { MetricDefinition } from "../types.js";

export const httpMetrics = [
  {
    key: "http_requests",
    name: "http_requests_total",
    help: "HTTP requests served, by method, route template and status class.",
    type: "counter",
    labels: [methodLabel, routeLabel, statusClassLabel],
    domain: "http",
    seedNames: [
      {
        seed: "004",
        name: "http_requests_total",
        note: "`route` is the route template (the seed's raw `endpoint` path is unbounded); `status_class` instead of status code.",
      },
      { seed: "004", name: "http_errors_total", note: 'Series `status_class="5xx"` (and "4xx").' },
    ],
    example: 'sum(rate({name}{status_class="5xx"}[5m])) / sum(rate({name}[5m]))',
  },
  {
    key: "http_request_duration",
    name: "http_request_duration_seconds",
    help: "Time to serve an HTTP request.",
    type: "histogram",
    unit: "seconds",
    labels: [methodLabel, routeLabel, statusClassLabel],
    buckets: requestSecondsBuckets,
    domain: "http",
    seedNames: [
      {
        seed: "004",
        name: "http_request_duration_seconds",
        note: "`route` template instead of the raw `endpoint` path; adds `status_class`.",
      },
    ],
  },
  {
    key: "http_request_size",
    name: "http_request_size_bytes",
    help: "Size of HTTP request bodies.",
    type: "histogram",
    unit: "bytes",
    labels: [methodLabel, routeLabel],
    buckets: sizeBytesBuckets,
    domain: "http",
    seedNames: [
      {
        seed: "004",
        name: "http_request_size_bytes",
        note: "`route` template instead of the raw path.",
      },
    ],
  },
  {
    key: "http_response_size",
    name: "http_response_size_bytes",
    help: "Size of HTTP response bodies.",
    type: "histogram",
    unit: "bytes",
    labels: [methodLabel, routeLabel],
    buckets: sizeBytesBuckets,
    domain: "http",
    seedNames: [
      {
        seed: "004",
        name: "http_response_size_bytes",
        note: "`route` template instead of the raw path.",
      },
    ],
  },
  {
    key: "http_requests_in_flight",
    name: "http_requests_in_flight",
    help: "HTTP requests being served right now.",
    type: "gauge",
    labels: [],
    domain: "http",
    seedNames: [],
  },
] as const satisfies readonly MetricDefinition[];
