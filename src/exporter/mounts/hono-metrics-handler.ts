/** @module A /metrics route handler for Hono. */
import { createMetricsEndpoint, type MetricsEndpointOptions } from "./metrics-endpoint.js";

/** The part of Hono's context the handler reads (structural: the library needs no hono types). */
export interface HonoContextLike {
  readonly req: { readonly method: string; header(name: string): string | undefined };
}

/**
 * Returns a Hono handler serving the registry as the exporter's /metrics does (negotiated
 * format, gzip, auth).
 *
 * @example
 * app.get("/metrics", honoMetricsHandler({ registry }));
 */
export function honoMetricsHandler(
  options: MetricsEndpointOptions = {},
): (context: HonoContextLike) => Promise<Response> {
  const endpoint = createMetricsEndpoint(options);
  return async (context) => {
    const { status, headers, body } = await endpoint({
      method: context.req.method,
      accept: context.req.header("accept"),
      acceptEncoding: context.req.header("accept-encoding"),
      authorization: context.req.header("authorization"),
    });
    return new Response(body === undefined ? null : new Uint8Array(Buffer.from(body)), {
      status,
      headers,
    });
  };
}
