/** @module HTTP metrics middleware for Express 5, labelled by the matched route template. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMetrics } from "../http-metrics.js";
import { trackNodeResponse } from "./track-node-response.js";

/** The parts of an Express request the middleware reads (kept structural to avoid a runtime dependency). */
interface ExpressRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown } | undefined;
}

/** Options of {@link expressMetrics}. */
export interface ExpressMetricsOptions {
  /**
   * Returns the route template of a finished request, or `undefined` when none matched.
   * Default: `req.baseUrl` + `req.route.path`. Express gives the mount path as matched, not
   * as a template, so routers mounted on a parametrised path (`app.use("/users/:id", r)`)
   * need this option to keep the label bounded.
   */
  readonly resolveRoute?: ((req: IncomingMessage) => string | undefined) | undefined;
}

/**
 * Returns Express middleware that records each request in `httpMetrics`. Mount it first
 * (`app.use(expressMetrics(http))`). The route label is the mount path plus the matched
 * route's template (`/api` + `/orders/:id`), read when the response finishes; requests no
 * route handled are `unmatched`.
 *
 * @example
 * const app = express();
 * app.use(expressMetrics(new HttpMetrics({ registry })));
 * app.get("/orders/:id", (req, res) => { res.json({ id: req.params.id }); });
 */
export function expressMetrics(
  httpMetrics: HttpMetrics,
  options: ExpressMetricsOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  return function expressMetricsMiddleware(req, res, next) {
    const request = req as ExpressRequest;
    const resolveRoute = options.resolveRoute;
    trackNodeResponse(httpMetrics, req, res, () => {
      if (resolveRoute !== undefined) return resolveRoute(req);
      const path = request.route?.path;
      if (path === undefined) return undefined;
      const template = typeof path === "string" ? path : String(path);
      return joinPaths(request.baseUrl ?? "", template);
    });
    next();
  };
}

function joinPaths(base: string, path: string): string {
  if (base === "" || base === "/") return path;
  if (path === "/") return base;
  return `${base.replace(/\/$/, "")}${path}`;
}
