/** @module AggregatorRegistry: the node:cluster primary serves the sum of its workers' metrics, as prom-client's does. */
import nodeCluster, { type Worker } from "node:cluster";
import { type AggregatorFunction, aggregators } from "./aggregators.js";
import { PROMETHEUS_CONTENT_TYPE } from "./content-negotiation.js";
import { MetricDefinitionError } from "./errors.js";
import { Registry, register } from "./registry.js";
import type { MetricObjectWithValues } from "./types.js";

/** The message types prom-client uses, so primaries and workers of either library interoperate. */
const GET_METRICS_REQUEST = "prom-client:getMetricsReq";
const GET_METRICS_RESPONSE = "prom-client:getMetricsRes";
/** How long the primary waits for every worker's answer. */
const CLUSTER_METRICS_TIMEOUT_MILLISECONDS = 5000;

interface MetricsRequestMessage {
  type: typeof GET_METRICS_REQUEST;
  requestId: number;
}

interface MetricsResponseMessage {
  type: typeof GET_METRICS_RESPONSE;
  requestId: number;
  metrics?: MetricObjectWithValues[][];
  error?: string;
}

interface PendingRequest {
  readonly responses: MetricObjectWithValues[][];
  pending: number;
  readonly contentType: string;
  readonly done: (error: Error | undefined, result?: string | Promise<string>) => void;
  readonly timer: NodeJS.Timeout;
}

let registries: readonly Registry[] = [register];
let requestCounter = 0;
let listenersAdded = false;
const requests = new Map<number, PendingRequest>();

/**
 * A Registry for node:cluster. In the primary, `clusterMetrics()` asks every worker for its
 * registries' metrics (`getMetricsAsJSON()` over IPC) and returns their aggregate: values of the
 * same series are merged by each metric's `aggregator` (sum by default). Every worker must
 * construct an AggregatorRegistry (or call `setRegistries`) to answer the primary.
 *
 * @example
 * const aggregatorRegistry = new AggregatorRegistry();
 * if (cluster.isPrimary) {
 *   http.createServer(async (_request, response) => {
 *     const text = await aggregatorRegistry.clusterMetrics();
 *     response.setHeader("Content-Type", aggregatorRegistry.contentType);
 *     response.end(text);
 *   }).listen(9100);
 * }
 */
export class AggregatorRegistry extends Registry {
  constructor(contentType: string = PROMETHEUS_CONTENT_TYPE) {
    super(contentType);
    addListeners();
  }

  /**
   * Returns the workers' aggregated metrics in this registry's content type; `""` when no worker
   * is connected. Rejects when a worker's collect fails or an answer takes over 5 s.
   */
  clusterMetrics(): Promise<string> {
    const requestId = requestCounter++;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const done = (error: Error | undefined, result?: string | Promise<string>) => {
        if (settled) return;
        settled = true;
        requests.delete(requestId);
        clearTimeout(request.timer);
        if (error !== undefined) reject(error);
        else resolve(result ?? "");
      };
      const request: PendingRequest = {
        responses: [],
        pending: 0,
        contentType: this.contentType,
        done,
        timer: setTimeout(() => {
          done(
            new MetricDefinitionError(
              "ERR_CLUSTER_METRICS_FAILED",
              "cluster",
              `Operation timed out: ${request.pending} cluster worker(s) did not answer the primary's metrics request within ${CLUSTER_METRICS_TIMEOUT_MILLISECONDS} ms (each worker must construct an AggregatorRegistry)`,
            ),
          );
        }, CLUSTER_METRICS_TIMEOUT_MILLISECONDS),
      };
      requests.set(requestId, request);
      const message: MetricsRequestMessage = { type: GET_METRICS_REQUEST, requestId };
      for (const worker of Object.values(nodeCluster.workers ?? {}) as (Worker | undefined)[]) {
        // A worker that exited abruptly may still be listed but cannot answer.
        if (worker?.isConnected()) {
          worker.send(message);
          request.pending++;
        }
      }
      if (request.pending === 0) process.nextTick(() => done(undefined, ""));
    });
  }

  /**
   * Returns a registry of the given content type holding the aggregate of several registries'
   * `getMetricsAsJSON()` results: the metrics are grouped by name and merged by the first one's
   * `aggregator` (`sum` when unset); `omit` leaves a metric out.
   */
  static aggregate(
    metricsArray: readonly (readonly MetricObjectWithValues[])[],
    contentType: string = PROMETHEUS_CONTENT_TYPE,
  ): Registry {
    const aggregated = new Registry(contentType);
    const byName = new Map<string, MetricObjectWithValues[]>();
    for (const metrics of metricsArray) {
      for (const metric of metrics) {
        const group = byName.get(metric.name);
        if (group === undefined) byName.set(metric.name, [metric]);
        else group.push(metric);
      }
    }
    for (const [name, metrics] of byName) {
      const aggregatorName = metrics[0]?.aggregator ?? "sum";
      const aggregate = (aggregators as Record<string, AggregatorFunction | undefined>)[
        aggregatorName
      ];
      if (typeof aggregate !== "function") {
        throw new MetricDefinitionError(
          "ERR_INVALID_METRIC_OPTION",
          name,
          `'${aggregatorName}' is not a defined aggregator (metric "${name}"): must be one of ${Object.keys(aggregators).join(", ")}`,
        );
      }
      const metric = aggregate(metrics);
      if (metric !== undefined) aggregated.registerMetric({ ...metric, get: () => metric });
    }
    return aggregated;
  }

  /**
   * Sets the registries a worker sends the primary (default: the default registry `register`),
   * and makes this worker answer the primary's requests.
   */
  static setRegistries(registryOrRegistries: Registry | readonly Registry[]): void {
    const list = Array.isArray(registryOrRegistries)
      ? (registryOrRegistries as readonly Registry[])
      : [registryOrRegistries as Registry];
    for (const registry of list) {
      if (!(registry instanceof Registry)) {
        throw new TypeError(
          `Invalid registry passed to AggregatorRegistry.setRegistries: was ${typeof registry}, must be a Registry`,
        );
      }
    }
    registries = list;
    addListeners();
  }
}

/** Adds the primary's and the worker's IPC listeners, once per process. */
function addListeners(): void {
  if (listenersAdded) return;
  listenersAdded = true;
  if (nodeCluster.isPrimary) {
    nodeCluster.on("message", (_worker: Worker, message: MetricsResponseMessage) => {
      if (message?.type !== GET_METRICS_RESPONSE) return;
      const request = requests.get(message.requestId);
      if (request === undefined) return;
      if (message.error !== undefined) {
        request.done(
          new MetricDefinitionError(
            "ERR_CLUSTER_METRICS_FAILED",
            "cluster",
            `A cluster worker failed to collect its metrics: ${message.error}`,
          ),
        );
        return;
      }
      for (const metrics of message.metrics ?? []) request.responses.push(metrics);
      request.pending--;
      if (request.pending === 0) {
        request.done(
          undefined,
          AggregatorRegistry.aggregate(request.responses, request.contentType).metrics(),
        );
      }
    });
  }
  if (nodeCluster.isWorker) {
    process.on("message", (message: MetricsRequestMessage) => {
      if (message?.type !== GET_METRICS_REQUEST) return;
      Promise.all(registries.map((registry) => registry.getMetricsAsJSON())).then(
        (metrics) => {
          process.send?.({
            type: GET_METRICS_RESPONSE,
            requestId: message.requestId,
            metrics,
          } satisfies MetricsResponseMessage);
        },
        (error: unknown) => {
          process.send?.({
            type: GET_METRICS_RESPONSE,
            requestId: message.requestId,
            error: error instanceof Error ? error.message : String(error),
          } satisfies MetricsResponseMessage);
        },
      );
    });
  }
}
