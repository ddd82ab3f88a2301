/** @module The HTTP server metrics every middleware records: requests, duration, sizes and in-flight. */
import { Counter, Gauge, Histogram, type Registry } from "../metrics/index.js";
import { normalizeMethod } from "./http/normalize-method.js";
import { type StatusClass, statusClass } from "./http/status-class.js";
import { InstrumentOptionError } from "./instrument-option-error.js";
import type { CounterMetric, GaugeMetric, ObserverMetric } from "./types.js";

/** The metrics an {@link HttpMetrics} records into, when the caller brings its own (e.g. the catalog's). */
export interface HttpMetricSet {
  /** Counter labelled `method`, `route`, `status_class`. */
  readonly requests: CounterMetric;
  /** Histogram in seconds labelled `method`, `route`, `status_class`. */
  readonly duration: ObserverMetric;
  /** Histogram in bytes labelled `method`, `route`. */
  readonly requestSize: ObserverMetric;
  /** Histogram in bytes labelled `method`, `route`, `status_class`. */
  readonly responseSize: ObserverMetric;
  /** Gauge without labels. */
  readonly inFlight: GaugeMetric;
}

/** Options of {@link HttpMetrics}. */
export interface HttpMetricsOptions {
  /** Record into these metrics instead of creating them. */
  readonly metrics?: HttpMetricSet | undefined;
  /** Registry the created metrics register in. Required unless `metrics` is given. */
  readonly registry?: Registry | undefined;
  /** Prefix of the created metric names, e.g. `tradewatch_` → `tradewatch_http_requests_total`. */
  readonly prefix?: string | undefined;
  /** Duration buckets in seconds. Default 5 ms to 10 s. */
  readonly durationBuckets?: readonly number[] | undefined;
  /** Size buckets in bytes. Default 64 B to 4 MiB, ×4 apart. */
  readonly sizeBuckets?: readonly number[] | undefined;
  /** The route label of requests no route matched. Default `unmatched`. */
  readonly unmatchedRoute?: string | undefined;
  /** Route templates not to record at all, e.g. `["/metrics"]`. They still count in flight. */
  readonly ignoreRoutes?: readonly string[] | undefined;
}

/** What a middleware knows about a request once its response is done. */
export interface CompletedRequest {
  readonly method: string | undefined;
  /** The route template, or `undefined` when no route matched. */
  readonly route: string | undefined;
  /** The status code, or `"aborted"` when the client left before the response finished. */
  readonly status: number | "aborted";
  /** Request body bytes, when known (Content-Length). */
  readonly requestBytes: number | undefined;
  /** Response body bytes, when known. */
  readonly responseBytes: number | undefined;
}

/** A request in flight; end it exactly once with {@link HttpMetrics.end}. */
export interface RequestTiming {
  readonly start: bigint;
  ended: boolean;
}

/** The default duration buckets, in seconds. */
export const defaultDurationBuckets: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** The default size buckets, in bytes: 64 B × 4^n up to 4 MiB. */
export const defaultSizeBuckets: readonly number[] = [
  64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304,
];

/**
 * Records HTTP server metrics with bounded labels: `method` (a closed set, see
 * `normalizeMethod`), `route` (the route template, never the raw URL; `unmatched` for paths
 * no route matched) and `status_class` (`2xx`, ...). Each framework's middleware calls
 * {@link begin} when a request arrives and {@link end} when its response is done.
 *
 * @example
 * const http = new HttpMetrics({ registry });
 * server.on("request", nodeHttpMetrics(http, { routes: ["/orders/:id"] })(handler));
 */
export class HttpMetrics {
  readonly metrics: HttpMetricSet;
  readonly unmatchedRoute: string;
  readonly #ignored: ReadonlySet<string>;

  constructor(options: HttpMetricsOptions) {
    this.unmatchedRoute = options.unmatchedRoute ?? "unmatched";
    this.#ignored = new Set(options.ignoreRoutes ?? []);
    this.metrics = options.metrics ?? createHttpMetricSet(options);
  }

  /** Marks a request as in flight and starts its clock. */
  begin(): RequestTiming {
    this.metrics.inFlight.inc({});
    return { start: process.hrtime.bigint(), ended: false };
  }

  /** Records a finished (or aborted) request; calls after the first for the same timing do nothing. */
  end(timing: RequestTiming, request: CompletedRequest): void {
    if (timing.ended) return;
    timing.ended = true;
    this.metrics.inFlight.dec({});
    const route = request.route ?? this.unmatchedRoute;
    if (this.#ignored.has(route)) return;
    const seconds = Number(process.hrtime.bigint() - timing.start) / 1e9;
    const method = normalizeMethod(request.method);
    const status: StatusClass =
      request.status === "aborted" ? "aborted" : statusClass(request.status);
    const labels = { method, route, status_class: status };
    this.metrics.requests.inc(labels);
    this.metrics.duration.observe(labels, seconds);
    if (request.requestBytes !== undefined) {
      this.metrics.requestSize.observe({ method, route }, request.requestBytes);
    }
    if (request.responseBytes !== undefined) {
      this.metrics.responseSize.observe(labels, request.responseBytes);
    }
  }
}

function createHttpMetricSet(options: HttpMetricsOptions): HttpMetricSet {
  const registry = options.registry;
  if (registry === undefined) {
    throw new InstrumentOptionError(
      "registry",
      'Invalid HttpMetrics options: "registry" was undefined, must be a Registry when "metrics" is not given',
    );
  }
  const prefix = options.prefix ?? "";
  const registers = [registry];
  const sizeBuckets = [...(options.sizeBuckets ?? defaultSizeBuckets)];
  const labelNames = ["method", "route", "status_class"];
  return {
    requests: new Counter({
      name: `${prefix}http_requests_total`,
      help: "HTTP requests served, by method, route template and status class.",
      labelNames,
      registers,
    }),
    duration: new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: "Time from receiving an HTTP request to finishing its response, in seconds.",
      labelNames,
      buckets: [...(options.durationBuckets ?? defaultDurationBuckets)],
      registers,
    }),
    requestSize: new Histogram({
      name: `${prefix}http_request_size_bytes`,
      help: "HTTP request body size in bytes (from Content-Length), by method and route template.",
      labelNames: ["method", "route"],
      buckets: sizeBuckets,
      registers,
    }),
    responseSize: new Histogram({
      name: `${prefix}http_response_size_bytes`,
      help: "HTTP response body size in bytes, by method, route template and status class.",
      labelNames,
      buckets: sizeBuckets,
      registers,
    }),
    inFlight: new Gauge({
      name: `${prefix}http_requests_in_flight`,
      help: "HTTP requests being served right now.",
      registers,
    }),
  };
}
