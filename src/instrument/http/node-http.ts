/** @module HTTP metrics for plain node:http servers, with route templates matched from a list. */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { HttpMetrics } from "../http-metrics.js";
import { RouteMatcher } from "./route-matcher.js";
import { trackNodeResponse } from "./track-node-response.js";

/** Options of {@link nodeHttpMetrics}. */
export interface NodeHttpMetricsOptions {
  /**
   * Route templates (`/orders/:id`, `/static/*`, or with a method: `GET /orders/:id`) the
   * server serves; other requests are `unmatched`.
   */
  readonly routes?: readonly string[] | undefined;
  /** Or: a function returning the request's route template (or `undefined` when none matched). */
  readonly resolveRoute?: ((req: IncomingMessage) => string | undefined) | undefined;
}

/**
 * Returns a wrapper for a node:http request listener that records each request in
 * `httpMetrics`. node:http has no router, so the route label comes from `routes` (templates
 * matched against the path) or from `resolveRoute`; never the raw URL.
 *
 * @example
 * const instrument = nodeHttpMetrics(new HttpMetrics({ registry }), { routes: ["/orders/:id"] });
 * http.createServer(instrument((req, res) => { res.end("ok"); })).listen(8080, "127.0.0.1");
 */
export function nodeHttpMetrics(
  httpMetrics: HttpMetrics,
  options: NodeHttpMetricsOptions = {},
): (listener: RequestListener) => RequestListener {
  const matcher = new RouteMatcher(options.routes ?? []);
  const resolve =
    options.resolveRoute ?? ((req: IncomingMessage) => matcher.match(req.method, req.url ?? "/"));
  return (listener) => (req: IncomingMessage, res: ServerResponse) => {
    trackNodeResponse(httpMetrics, req, res, () => resolve(req));
    listener(req, res);
  };
}
