/** @module Mounts the live dashboard page, its assets, history API and event stream on the metrics server. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { MessageBus } from "../bot/message-bus.js";
import { DEFAULT_NAMESPACE, normalizeNamespace } from "../catalog/namespace.js";
import { TradewatchError } from "../errors.js";
import type { MetricsServer } from "../exporter/metrics-server.js";
import type { RouteHandler } from "../exporter/types.js";
import type { Registry } from "../metrics/index.js";
import { BusActivity } from "./events/bus-activity.js";
import { MetricHistory } from "./history/metric-history.js";
import { DashboardSampler } from "./sampling/dashboard-sampler.js";
import { EventStream } from "./server/event-stream.js";
import { StaticAsset } from "./server/static-asset.js";
import type { DashboardState, RangeName, StreamMessage } from "./types.js";

/** Options of {@link mountDashboard}. */
export interface DashboardOptions {
  /** The registry `/metrics` renders: the page's numbers come from the same one. */
  readonly registry: Registry;
  /** The bot's bus, for recent trades, feed activity and the bot state. Optional. */
  readonly bus?: MessageBus | undefined;
  /** Metric name prefix the recorder used. Default `tradewatch`. */
  readonly namespace?: string | undefined;
  /** Milliseconds between registry samples. Default 1000. */
  readonly sampleIntervalMs?: number | undefined;
  /** Window of the p50/p95 figures, ms. Default 60 000. */
  readonly quantileWindowMs?: number | undefined;
  /** Series the history keeps at most. Default 256. */
  readonly maxSeries?: number | undefined;
  /** Title of the page, e.g. the bot's name. Default "tradewatch". */
  readonly title?: string | undefined;
  /** Serve the page without the server's auth. Default false: it follows /metrics. */
  readonly public?: boolean | undefined;
}

/** The mounted dashboard; see {@link mountDashboard}. */
export interface Dashboard {
  /** The in-memory history the charts read. */
  readonly history: MetricHistory;
  /** The newest panel state, undefined before the first sample. */
  readonly state: DashboardState | undefined;
  /** Pages connected to the live stream. */
  readonly clients: number;
  /** Samples the registry now, streams the result, and resolves to it. */
  sampleNow(): Promise<DashboardState>;
  /** Stops sampling, ends the streams and unsubscribes from the bus. Routes stay mounted. */
  close(): void;
}

/** The paths the dashboard mounts. */
export const dashboardPaths = Object.freeze({
  page: "/",
  script: "/dashboard/app.js",
  style: "/dashboard/app.css",
  chartScript: "/dashboard/vendor/uPlot.iife.min.js",
  chartStyle: "/dashboard/vendor/uPlot.min.css",
  chartLicense: "/dashboard/vendor/uPlot.LICENSE.txt",
  state: "/dashboard/api/state",
  history: "/dashboard/api/history",
  stream: "/dashboard/api/stream",
});

const ranges: readonly RangeName[] = ["5m", "1h", "6h"];

/**
 * Mounts the live dashboard on a running metrics server: the page at `/`, its script,
 * style and the uPlot chart library (served from the installed package: no CDN), the
 * current state and each range's history as JSON, and a server-sent event stream that
 * pushes a new state (and chart points) after every registry sample. Samples the registry
 * once a second from now until `close()` or the server shuts down.
 *
 * @example
 * const server = await startMetricsServer({ port: 9100, registry: recorder.registry });
 * const dashboard = mountDashboard(server, { registry: recorder.registry, bus, namespace: recorder.namespace });
 * // on shutdown
 * dashboard.close();
 * await server.close();
 */
export function mountDashboard(
  server: Pick<MetricsServer, "route" | "signal">,
  options: DashboardOptions,
): Dashboard {
  const sampleIntervalMs = options.sampleIntervalMs ?? 1000;
  if (!(sampleIntervalMs >= 50)) {
    throw new TradewatchError(
      "ERR_INVALID_CONFIG",
      `Invalid dashboard sampleIntervalMs ${sampleIntervalMs}: must be at least 50`,
    );
  }
  const namespace = normalizeNamespace(options.namespace ?? DEFAULT_NAMESPACE);
  const history = new MetricHistory({ maxSeries: options.maxSeries });
  const activity = options.bus === undefined ? undefined : new BusActivity(options.bus);
  const sampler = new DashboardSampler({
    registry: options.registry,
    namespace,
    history,
    activity,
    quantileWindowMs: options.quantileWindowMs,
  });
  const stream = new EventStream();
  const assets = loadAssets(options.title ?? "tradewatch");
  const routeOptions = { public: options.public ?? false };
  let latest: DashboardState | undefined;
  let inFlight: Promise<DashboardState> | undefined;
  let closed = false;

  const sampleNow = (): Promise<DashboardState> => {
    inFlight ??= sampler
      .sample()
      .then(({ state, grown }) => {
        latest = state;
        const points: StreamMessage["points"] = {};
        for (const range of grown) {
          const row = history.latestRow(range);
          if (row !== undefined) (points as Record<string, unknown>)[range] = row;
        }
        stream.broadcast("sample", { state, points } satisfies StreamMessage);
        return state;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const timer = setInterval(() => {
    sampleNow().catch((error: unknown) => {
      stream.broadcast("failure", {
        message: error instanceof Error ? error.message : String(error),
      });
    });
  }, sampleIntervalMs);
  timer.unref();

  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    stream.close();
    activity?.dispose();
  };
  server.signal.addEventListener("abort", close, { once: true });

  const serveAsset =
    (asset: StaticAsset): RouteHandler =>
    (req, res) =>
      asset.serve(req, res);
  server.route("GET", dashboardPaths.page, serveAsset(assets.page), routeOptions);
  server.route("GET", dashboardPaths.script, serveAsset(assets.script), routeOptions);
  server.route("GET", dashboardPaths.style, serveAsset(assets.style), routeOptions);
  server.route("GET", dashboardPaths.chartScript, serveAsset(assets.chartScript), routeOptions);
  server.route("GET", dashboardPaths.chartStyle, serveAsset(assets.chartStyle), routeOptions);
  server.route("GET", dashboardPaths.chartLicense, serveAsset(assets.chartLicense), routeOptions);

  server.route(
    "GET",
    dashboardPaths.state,
    async (_req, res) => {
      sendJson(res, 200, latest ?? (await sampleNow()));
    },
    routeOptions,
  );
  server.route(
    "GET",
    dashboardPaths.history,
    (_req, res, { url }) => {
      const range = url.searchParams.get("range") ?? "5m";
      if (!ranges.includes(range as RangeName)) {
        sendJson(res, 400, {
          error: `Invalid range "${range}": must be one of ${ranges.join(", ")}`,
        });
        return;
      }
      sendJson(res, 200, history.range(range as RangeName));
    },
    routeOptions,
  );
  server.route(
    "GET",
    dashboardPaths.stream,
    (req, res, { signal }) => {
      const initial =
        latest === undefined ? [] : [{ event: "sample", data: { state: latest, points: {} } }];
      stream.open(req, res, signal, initial);
    },
    routeOptions,
  );

  sampleNow().catch(() => {});

  return {
    history,
    get state() {
      return latest;
    },
    get clients() {
      return stream.size;
    },
    sampleNow,
    close,
  };
}

interface Assets {
  readonly page: StaticAsset;
  readonly script: StaticAsset;
  readonly style: StaticAsset;
  readonly chartScript: StaticAsset;
  readonly chartStyle: StaticAsset;
  readonly chartLicense: StaticAsset;
}

function loadAssets(title: string): Assets {
  const own = (name: string): URL => new URL(`./assets/${name}`, import.meta.url);
  const require = createRequire(import.meta.url);
  // The published package carries uPlot's three files in its assets (the build copies them);
  // a source checkout reads them from the uplot dev dependency.
  const uplot = (name: string): string | URL => {
    const vendored = own(`vendor/uplot/${name.split("/").pop()}`);
    return existsSync(vendored) ? vendored : require.resolve(`uplot/${name}`);
  };
  const page = StaticAsset.fromFile(own("index.html"), "text/html; charset=utf-8");
  const html = page.body.toString("utf8").replaceAll("{{title}}", escapeHtml(title));
  return {
    page: new StaticAsset(Buffer.from(html), "text/html; charset=utf-8"),
    script: StaticAsset.fromFile(own("app.js"), "text/javascript; charset=utf-8"),
    style: StaticAsset.fromFile(own("app.css"), "text/css; charset=utf-8"),
    chartScript: StaticAsset.fromFile(
      uplot("dist/uPlot.iife.min.js"),
      "text/javascript; charset=utf-8",
    ),
    chartStyle: StaticAsset.fromFile(uplot("dist/uPlot.min.css"), "text/css; charset=utf-8"),
    chartLicense: StaticAsset.fromFile(uplot("LICENSE"), "text/plain; charset=utf-8"),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function sendJson(res: import("node:http").ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}
