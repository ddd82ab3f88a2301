/** @module The HTTP server metrics every middleware records: requests, duration, sizes and in-flight. */
import {
  DEFAULT_NAMESPACE,
  fullMetricName,
  getMetricByKey,
  type MetricDefinition,
} from "../catalog/index.js";
import { Counter, Gauge, Histogram, type Registry } from "../metrics/index.js";
import { normalizeMethod } from "./http/normalize-method.js";
import { statusClass } from "./http/status-class.js";
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
  /** Histogram in bytes labelled `method`, `route`. */
  readonly responseSize: ObserverMetric;
  /** Gauge without labels. */
  readonly inFlight: GaugeMetric;
}

/** Options of {@link HttpMetrics}. */
export interface HttpMetricsOptions {
  /** Record into these metrics instead of creating them, e.g. `recorder.httpMetricSet()` (adds the recorder's constant labels). */
  readonly metrics?: HttpMetricSet | undefined;
  /** Registry the created metrics register in. Required unless `metrics` is given. */
  readonly registry?: Registry | undefined;
  /** Namespace prefix of the metric names (catalog convention). Default `tradewatch` → `tradewatch_http_requests_total`; `""` for none. */
  readonly namespace?: string | undefined;
  /** Duration buckets in seconds. Default: the catalog's (1 ms to 10 s). */
  readonly durationBuckets?: readonly number[] | undefined;
  /** Size buckets in bytes. Default: the catalog's (100 B to 10 MB). */
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
  /**
   * The status code sent, or `undefined` when the client left before any response was sent;
   * such requests leave the in-flight gauge but are not counted (no status class fits them).
   */
  readonly status: number | undefined;
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

/**
 * Records the catalog's HTTP metrics (`http` domain) with bounded labels: `method` (a closed set, see
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
    if (request.status === undefined || this.#ignored.has(route)) return;
    const seconds = Number(process.hrtime.bigint() - timing.start) / 1e9;
    const method = normalizeMethod(request.method);
    const labels = { method, route, status_class: statusClass(request.status) };
    this.metrics.requests.inc(labels);
    this.metrics.duration.observe(labels, seconds);
    if (request.requestBytes !== undefined) {
      this.metrics.requestSize.observe({ method, route }, request.requestBytes);
    }
    if (request.responseBytes !== undefined) {
      this.metrics.responseSize.observe({ method, route }, request.responseBytes);
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
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const define = <M>(
    key: string,
    create: (definition: MetricDefinition, name: string) => M,
    kind: abstract new (...args: never[]) => M,
  ): M => {
    const definition = getMetricByKey(key);
    const name = fullMetricName(definition, namespace);
    const existing = registry.getSingleMetric(name);
    if (existing === undefined) return create(definition, name);
    const expected = definition.labels.map((label) => label.name).join(",");
    const actual = (existing as { labelNames?: readonly string[] }).labelNames?.join(",");
    if (!(existing instanceof kind) || actual !== expected) {
      throw new InstrumentOptionError(
        "registry",
        `Invalid HttpMetrics options: the registry already holds "${name}" with labels [${actual ?? "unknown"}], must have [${expected}]; pass the recorder's metrics instead: new HttpMetrics({ metrics: recorder.httpMetricSet() })`,
      );
    }
    return existing;
  };
  const base = (definition: MetricDefinition, name: string) => ({
    name,
    help: definition.help,
    labelNames: definition.labels.map((label) => label.name),
    registers: [registry],
  });
  const buckets = (definition: MetricDefinition, override: readonly number[] | undefined) => [
    ...(override ?? definition.buckets ?? []),
  ];
  return {
    requests: define("http_requests", (d, name) => new Counter(base(d, name)), Counter),
    duration: define(
      "http_request_duration",
      (d, name) =>
        new Histogram({ ...base(d, name), buckets: buckets(d, options.durationBuckets) }),
      Histogram,
    ),
    requestSize: define(
      "http_request_size",
      (d, name) => new Histogram({ ...base(d, name), buckets: buckets(d, options.sizeBuckets) }),
      Histogram,
    ),
    responseSize: define(
      "http_response_size",
      (d, name) => new Histogram({ ...base(d, name), buckets: buckets(d, options.sizeBuckets) }),
      Histogram,
    ),
    inFlight: define("http_requests_in_flight", (d, name) => new Gauge(base(d, name)), Gauge),
  };
}
