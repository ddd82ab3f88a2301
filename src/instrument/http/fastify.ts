/** @module HTTP metrics plugin for Fastify 5, labelled by the matched route template. */
import type { FastifyInstance, FastifyPluginCallback } from "fastify";
import type { HttpMetrics } from "../http-metrics.js";
import { trackNodeResponse } from "./track-node-response.js";

/** Options of {@link fastifyMetrics}. */
export interface FastifyMetricsOptions {
  /** The metrics to record into. */
  readonly httpMetrics: HttpMetrics;
}

/**
 * Adds `onRequest` tracking to a Fastify instance: every request (including 404s, as
 * `unmatched`) is recorded with the matched route's template (`request.routeOptions.url`).
 * Call it on the root instance; hooks apply to routes declared before or after.
 *
 * @example
 * const app = Fastify();
 * instrumentFastify(app, new HttpMetrics({ registry }));
 * app.get("/orders/:id", async (request) => ({ id: (request.params as { id: string }).id }));
 */
export function instrumentFastify(app: FastifyInstance, httpMetrics: HttpMetrics): void {
  app.addHook("onRequest", (request, reply, done) => {
    trackNodeResponse(httpMetrics, request.raw, reply.raw, () => {
      // Fastify's not-found handler leaves routeOptions.url undefined.
      return request.is404 ? undefined : request.routeOptions.url;
    });
    done();
  });
}

/**
 * The same as {@link instrumentFastify}, as a plugin for `app.register()`. It is not
 * encapsulated (`skip-override`), so it instruments every route of the instance it is
 * registered on.
 *
 * @example
 * await app.register(fastifyMetrics, { httpMetrics: new HttpMetrics({ registry }) });
 */
export const fastifyMetrics: FastifyPluginCallback<FastifyMetricsOptions> = Object.assign(
  (app: FastifyInstance, options: FastifyMetricsOptions, done: (error?: Error) => void) => {
    instrumentFastify(app, options.httpMetrics);
    done();
  },
  {
    [Symbol.for("skip-override")]: true,
    [Symbol.for("fastify.display-name")]: "tradewatch-metrics",
  },
);
