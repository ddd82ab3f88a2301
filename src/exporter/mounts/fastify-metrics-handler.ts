/** @module A /metrics route handler for Fastify. */
import type { IncomingHttpHeaders } from "node:http";
import { createMetricsEndpoint, type MetricsEndpointOptions } from "./metrics-endpoint.js";

/** The part of Fastify's request the handler reads (structural: the library needs no fastify types). */
export interface FastifyRequestLike {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
}

/** The part of Fastify's reply the handler uses. */
export interface FastifyReplyLike<Reply> {
  code(statusCode: number): Reply;
  headers(values: Record<string, string>): Reply;
  send(payload?: unknown): Reply;
}

/**
 * Returns a Fastify route handler serving the registry as the exporter's /metrics does
 * (negotiated format, gzip, auth). Fastify's own compression plugin, if any, sees the
 * `content-encoding` already set and leaves the body alone.
 *
 * @example
 * app.get("/metrics", fastifyMetricsHandler({ registry }));
 */
export function fastifyMetricsHandler(
  options: MetricsEndpointOptions = {},
): <Reply extends FastifyReplyLike<Reply>>(
  request: FastifyRequestLike,
  reply: Reply,
) => Promise<Reply> {
  const endpoint = createMetricsEndpoint(options);
  return async (request, reply) => {
    const { status, headers, body } = await endpoint({
      method: request.method,
      accept: request.headers.accept,
      acceptEncoding: request.headers["accept-encoding"],
      authorization: request.headers.authorization,
    });
    reply.code(status);
    reply.headers(headers);
    return reply.send(body);
  };
}
