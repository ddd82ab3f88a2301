/** @module Starts everything the metrics configuration asks for: the main server, plane servers, Pushgateway and remote-write pushes; and applies a reloaded configuration to them. */
import { hostname } from "node:os";
import type { HttpMetrics } from "../instrument/http-metrics.js";
import { type Registry, register } from "../metrics/index.js";
import { type MetricsConfigChanges, metricsConfigChanges } from "./config-changes.js";
import type { MetricsConfig } from "./metrics-config.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";
import { type PlaneName, type PlaneServers, startPlaneServers } from "./plane-servers.js";
import { PushgatewayClient } from "./pushgateway-client.js";
import { RemoteWriteClient } from "./remote-write-client.js";
import { readTlsFiles, type TlsCredentials } from "./tls-files.js";

/** The registries the exporter serves and pushes. */
export interface ExporterRegistries {
  /** Served by the main server and pushed. Default: the core's default `register`. */
  readonly registry?: Registry | undefined;
  /** One registry per plane, for the plane servers the configuration gives ports to. */
  readonly planes?: Readonly<Partial<Record<PlaneName, Registry>>> | undefined;
  /** Records the main server's own requests (`http_*` metrics), e.g. into the recorder's series. */
  readonly httpMetrics?: HttpMetrics | undefined;
}

/** What {@link startExporter} started; `close()` stops all of it. */
export interface Exporter {
  /** The main metrics server; undefined when metrics are disabled. */
  readonly server: MetricsServer | undefined;
  readonly planes: PlaneServers | undefined;
  /** The current Pushgateway pusher; a reload that changes its settings replaces it. */
  readonly pushgateway: PushgatewayClient | undefined;
  /** The current remote-write client; a reload that changes its settings replaces it. */
  readonly remoteWrite: RemoteWriteClient | undefined;
  /** The configuration running now: the started one with the live changes of every reload. */
  readonly config: MetricsConfig;
  /**
   * Applies what a reloaded configuration changes live: the servers' auth and TLS
   * credentials (the TLS files are read again even when their paths are unchanged, so a
   * renewed certificate is served to new connections), and the Pushgateway and remote-write
   * targets and intervals. Keys that need a restart are reported, not applied. Throws a
   * `ConfigError` (having changed nothing) when the TLS files cannot be used.
   */
  reload(next: MetricsConfig): Promise<MetricsConfigChanges>;
  /** Stops pushing (one final Pushgateway push), and closes every server. */
  close(): Promise<void>;
}

/**
 * Starts, per `config`: the main metrics server on `host:port` (when enabled), a server per
 * plane with a configured port (its registry from `registries.planes`, else the main one),
 * and periodic Pushgateway and remote-write pushes when their URLs are set.
 *
 * @example
 * const exporter = await startExporter(await loadMetricsConfig(), { registry });
 * exporter.server?.setReady();
 * process.once("SIGTERM", () => exporter.close());
 */
export async function startExporter(
  config: MetricsConfig,
  registries: ExporterRegistries = {},
): Promise<Exporter> {
  const registry = registries.registry ?? register;
  for (const served of [registry, ...Object.values(registries.planes ?? {})]) {
    served.setMaxLabelValueBytes(config.maxLabelValueBytes);
  }
  let tls = config.tls === undefined ? undefined : readTlsFiles(config.tls);
  const shared = {
    host: config.host,
    gzip: config.gzip,
    auth: config.auth,
    tls,
    metricsPath: config.path,
    allowedHosts: config.allowedHosts,
    maxBodyBytes: config.maxBodyBytes,
  };
  let server: MetricsServer | undefined;
  let planes: PlaneServers | undefined;
  let pushgateway: PushgatewayClient | undefined;
  let remoteWrite: RemoteWriteClient | undefined;
  const close = async () => {
    await pushgateway?.stop(true).catch(() => {});
    remoteWrite?.stop();
    await Promise.all([server?.close(), planes?.close()]);
  };
  try {
    if (config.enabled) {
      server = await startMetricsServer({
        ...shared,
        port: config.port,
        registry,
        recordHttpMetrics: registries.httpMetrics,
      });
      const planePorts = Object.entries(config.planes) as [PlaneName, number][];
      if (planePorts.length > 0) {
        planes = await startPlaneServers({
          ...shared,
          planes: Object.fromEntries(
            planePorts.map(([plane, port]) => [
              plane,
              { port, registry: registries.planes?.[plane] ?? registry },
            ]),
          ),
        });
      }
    }
    pushgateway = startPushgateway(config, registry);
    remoteWrite = startRemoteWrite(config, registry);
  } catch (error) {
    await close();
    throw error;
  }
  let running = config;
  const reload = async (next: MetricsConfig): Promise<MetricsConfigChanges> => {
    const changes = metricsConfigChanges(running, next);
    const applied = changes.running;
    const live = [...changes.live];
    // Read first: unusable files throw before anything changes.
    const nextTls =
      applied.tls === undefined || !config.enabled ? undefined : readTlsFiles(applied.tls);
    if (nextTls !== undefined && tls !== undefined) {
      const pathsChanged = live.some((key) => key.startsWith("metrics.tls."));
      if (!sameCredentials(tls, nextTls)) {
        server?.setTlsCredentials(nextTls);
        planes?.setTlsCredentials(nextTls);
        tls = nextTls;
        if (!pathsChanged) live.push("metrics.tls (the files' contents)");
      }
    }
    if (live.includes("metrics.auth")) {
      server?.setAuth(applied.auth);
      planes?.setAuth(applied.auth);
    }
    if (live.some((key) => key.startsWith("metrics.pushgateway."))) {
      await pushgateway?.stop(false).catch(() => {});
      pushgateway = startPushgateway(applied, registry);
    }
    if (live.some((key) => key.startsWith("metrics.remote_write."))) {
      remoteWrite?.stop();
      remoteWrite = startRemoteWrite(applied, registry);
    }
    running = applied;
    return { ...changes, live };
  };
  return {
    server,
    planes,
    get pushgateway() {
      return pushgateway;
    },
    get remoteWrite() {
      return remoteWrite;
    },
    get config() {
      return running;
    },
    reload,
    close,
  };
}

/** Starts periodic Pushgateway pushes when the configuration has a URL. */
function startPushgateway(
  config: MetricsConfig,
  registry: Registry,
): PushgatewayClient | undefined {
  if (config.pushgateway.url === undefined) return undefined;
  const client = new PushgatewayClient({
    url: config.pushgateway.url,
    job: config.pushgateway.job,
    grouping: config.pushgateway.grouping,
    registry,
  });
  client.start(config.pushgateway.intervalSeconds);
  return client;
}

/** Starts periodic remote writes when the configuration has a URL. */
function startRemoteWrite(
  config: MetricsConfig,
  registry: Registry,
): RemoteWriteClient | undefined {
  if (config.remoteWrite.url === undefined) return undefined;
  const client = new RemoteWriteClient({
    url: config.remoteWrite.url,
    registry,
    instance: `${hostname()}:${config.port}`,
  });
  client.start(config.remoteWrite.intervalSeconds);
  return client;
}

function sameCredentials(a: TlsCredentials, b: TlsCredentials): boolean {
  return (
    a.cert.equals(b.cert) &&
    a.key.equals(b.key) &&
    (a.clientCa === undefined
      ? b.clientCa === undefined
      : b.clientCa !== undefined && a.clientCa.equals(b.clientCa))
  );
}
