/** @module A /metrics handler for node:http servers (and anything built on them, such as Express). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createMetricsEndpoint, type MetricsEndpointOptions } from "./metrics-endpoint.js";

/**
 * Returns a `(req, res)` handler that serves the registry as the exporter's /metrics does
 * (negotiated format, gzip, auth). Route to it yourself.
 *
 * @example
 * const metrics = nodeHttpMetricsHandler({ registry });
 * createServer((req, res) => {
 *   if (req.url === "/metrics") return void metrics(req, res);
 *   app(req, res);
 * }).listen(8080);
 */
export function nodeHttpMetricsHandler(
  options: MetricsEndpointOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const endpoint = createMetricsEndpoint(options);
  return async (req, res) => {
    const { status, headers, body } = await endpoint({
      method: req.method ?? "GET",
      accept: req.headers.accept,
      acceptEncoding: req.headers["accept-encoding"],
      authorization: req.headers.authorization,
    });
    res.writeHead(status, headers);
    res.end(body);
  };
}
