/** @module A /metrics route handler for Express. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MetricsEndpointOptions } from "./metrics-endpoint.js";
import { nodeHttpMetricsHandler } from "./node-http-metrics-handler.js";

/**
 * Returns an Express handler serving the registry as the exporter's /metrics does (negotiated
 * format, gzip, auth); a failure goes to Express's `next`.
 *
 * @example
 * app.get("/metrics", expressMetricsHandler({ registry, auth: { type: "bearer", token } }));
 */
export function expressMetricsHandler(
  options: MetricsEndpointOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const handle = nodeHttpMetricsHandler(options);
  return (req, res, next) => {
    handle(req, res).catch(next);
  };
}
