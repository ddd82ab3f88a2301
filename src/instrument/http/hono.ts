/** @module HTTP metrics middleware for Hono, labelled by the matched route template. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MiddlewareHandler } from "hono";
import type { HttpMetrics } from "../http-metrics.js";
import { trackNodeResponse } from "./track-node-response.js";

interface MatchedRoute {
  readonly path: string;
  readonly handler: (...args: never[]) => unknown;
}

/** What `@hono/node-server` puts in `c.env`. */
interface NodeBindings {
  readonly incoming?: IncomingMessage;
  readonly outgoing?: ServerResponse;
}

/**
 * Returns Hono middleware that records each request in `httpMetrics`. Register it first
 * (`app.use(honoMetrics(http))`). The route label is the template of the route that
 * responded (`/orders/:id`); a 404 produced after only middleware ran is `unmatched`.
 * Under `@hono/node-server` it follows the node response (bytes actually written, client
 * aborts); on other runtimes it records when the handler returns, with the response size
 * from Content-Length when present.
 *
 * @example
 * const app = new Hono();
 * app.use(honoMetrics(new HttpMetrics({ registry })));
 * app.get("/orders/:id", (c) => c.json({ id: c.req.param("id") }));
 */
export function honoMetrics(httpMetrics: HttpMetrics): MiddlewareHandler {
  return async function honoMetricsMiddleware(c, next) {
    const env = c.env as NodeBindings | undefined;
    let route: string | undefined;
    if (env?.incoming !== undefined && env.outgoing !== undefined) {
      trackNodeResponse(httpMetrics, env.incoming, env.outgoing, () => route);
      try {
        await next();
      } finally {
        route = respondingRoute(c.req, c.res.status);
      }
      return;
    }
    const timing = httpMetrics.begin();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      const length = c.res.headers.get("content-length");
      const requestLength = c.req.header("content-length");
      httpMetrics.end(timing, {
        method: c.req.method,
        route: respondingRoute(c.req, status),
        status,
        requestBytes: requestLength === undefined ? undefined : Number(requestLength),
        responseBytes: length === null ? undefined : Number(length),
      });
    }
  };
}

function respondingRoute(
  req: { readonly routeIndex: number; readonly matchedRoutes: readonly MatchedRoute[] },
  status: number,
): string | undefined {
  // `c.req.matchedRoutes` is what the `hono/route` helpers read; using it keeps this file
  // free of a runtime import of hono.
  const last = req.matchedRoutes[req.routeIndex];
  if (last === undefined) return undefined;
  // A handler takes (c); middleware takes (c, next). When the last entry that ran was
  // middleware and the answer is 404, Hono's not-found handler answered: no route matched.
  const isMiddleware = last.handler.length >= 2;
  return isMiddleware && status === 404 ? undefined : last.path;
}
