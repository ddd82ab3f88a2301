/** @module Starts everything the metrics configuration asks for: the main server, plane servers, Pushgateway and remote-write pushes. */
import { type Registry, register } from "../metrics/index.js";
import type { MetricsConfig } from "./metrics-config.js";
import { type MetricsServer, startMetricsServer } from "./metrics-server.js";
import { type PlaneName, type PlaneServers, startPlaneServers } from "./plane-servers.js";
import { PushgatewayClient } from "./pushgateway-client.js";
import { RemoteWriteClient } from "./remote-write-client.js";

/** The registries the exporter serves and pushes. */
export interface ExporterRegistries {
  /** Served by the main server and pushed. Default: the core's default `register`. */
  readonly registry?: Registry | undefined;
  /** One registry per plane, for the plane servers the configuration gives ports to. */
  readonly planes?: Readonly<Partial<Record<PlaneName, Registry>>> | undefined;
}

/** What {@link startExporter} started; `close()` stops all of it. */
export interface Exporter {
  /** The main metrics server; undefined when metrics are disabled. */
  readonly server: MetricsServer | undefined;
  readonly planes: PlaneServers | undefined;
  readonly pushgateway: PushgatewayClient | undefined;
  readonly remoteWrite: RemoteWriteClient | undefined;
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
  const shared = {
    host: config.host,
    gzip: config.gzip,
    auth: config.auth,
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
    if (config.pushgateway.url !== undefined) {
      pushgateway = new PushgatewayClient({
        url: config.pushgateway.url,
        job: config.pushgateway.job,
        grouping: config.pushgateway.grouping,
        registry,
      });
      pushgateway.start(config.pushgateway.intervalSeconds);
    }
    if (config.remoteWrite.url !== undefined) {
      remoteWrite = new RemoteWriteClient({ url: config.remoteWrite.url, registry });
      remoteWrite.start(config.remoteWrite.intervalSeconds);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { server, planes, pushgateway, remoteWrite, close };
}
