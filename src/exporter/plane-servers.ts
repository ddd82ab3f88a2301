/** @module One metrics server per plane (data, order, strategy), each with its own port and registry, as seed 003 runs them. */
import { TradewatchError } from "../errors.js";
import type { Registry } from "../metrics/index.js";
import {
  type MetricsServer,
  type MetricsServerOptions,
  startMetricsServer,
} from "./metrics-server.js";
import type { TlsCredentials } from "./tls-files.js";
import type { MetricsAuth } from "./types.js";

/** A service plane of seed 003. */
export type PlaneName = "data" | "order" | "strategy";

/** One plane's server: its port and its own registry. */
export interface PlaneEndpoint {
  /** TCP port; 0 picks a free one. Seed 003 uses 8000, 8001, 8002. */
  readonly port: number;
  readonly registry: Registry;
}

/** Options of {@link startPlaneServers}: what the planes share, and each plane's endpoint. */
export interface PlaneServersOptions
  extends Omit<MetricsServerOptions, "port" | "registry" | "name"> {
  readonly planes: Readonly<Partial<Record<PlaneName, PlaneEndpoint>>>;
}

/** The running plane servers. */
export interface PlaneServers {
  readonly servers: Readonly<Partial<Record<PlaneName, MetricsServer>>>;
  /** Marks every plane ready (or not). */
  setReady(ready?: boolean): void;
  /** Replaces every plane's required credentials (also for planes restarted later). */
  setAuth(auth: MetricsAuth | undefined): void;
  /** Replaces every plane's TLS credentials live; see `MetricsServer.setTlsCredentials`. */
  setTlsCredentials(tls: TlsCredentials): void;
  /**
   * Stops one plane's server (its port refuses connections, as when the plane's process
   * dies) and resolves to a function that starts it again on the same port.
   */
  stopPlane(plane: PlaneName): Promise<() => Promise<void>>;
  /** Closes every plane's server. */
  close(): Promise<void>;
}

/**
 * Starts one metrics server per configured plane, each serving only its plane's registry,
 * with the shared options (host, auth, gzip, version). /health reports the plane's name.
 * If one fails to start, those already started are closed and the error is rethrown.
 *
 * @example
 * const planes = await startPlaneServers({
 *   planes: {
 *     data: { port: 8000, registry: dataRegistry },
 *     order: { port: 8001, registry: orderRegistry },
 *     strategy: { port: 8002, registry: strategyRegistry },
 *   },
 * });
 */
export async function startPlaneServers(options: PlaneServersOptions): Promise<PlaneServers> {
  const { planes, ...initial } = options;
  // Auth and TLS change on reload; a plane restarted after that starts with the new ones.
  let shared: Omit<PlaneServersOptions, "planes"> = initial;
  const servers: Partial<Record<PlaneName, MetricsServer>> = {};
  try {
    for (const [plane, endpoint] of Object.entries(planes) as [PlaneName, PlaneEndpoint][]) {
      servers[plane] = await startMetricsServer({
        ...shared,
        name: plane,
        port: endpoint.port,
        registry: endpoint.registry,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }
  return {
    servers,
    setReady(ready = true) {
      for (const server of Object.values(servers)) server.setReady(ready);
    },
    setAuth(auth) {
      for (const server of Object.values(servers)) server.setAuth(auth);
      shared = { ...shared, auth };
    },
    setTlsCredentials(tls) {
      for (const server of Object.values(servers)) server.setTlsCredentials(tls);
      shared = { ...shared, tls };
    },
    async stopPlane(plane) {
      const server = servers[plane];
      const endpoint = planes[plane];
      if (server === undefined || endpoint === undefined) {
        throw new TradewatchError("ERR_INVALID_CONFIG", `Plane "${plane}" is not served`);
      }
      const port = server.port;
      await server.close();
      return async () => {
        const restarted = await startMetricsServer({
          ...shared,
          name: plane,
          port,
          registry: endpoint.registry,
        });
        restarted.setReady(true);
        servers[plane] = restarted;
      };
    },
    async close() {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  };
}
