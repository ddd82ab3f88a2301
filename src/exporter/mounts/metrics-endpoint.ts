/** @module The /metrics endpoint without a server: negotiation, gzip and auth as the exporter serves them, for any framework to mount. */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { negotiateExposition, type Registry, register } from "../../metrics/index.js";
import { acceptsGzip } from "../accepts-gzip.js";
import { createAuthorization } from "../authorization.js";
import type { MetricsAuth } from "../types.js";

const gzipAsync = promisify(gzip);

/** Options of a /metrics handler mounted in a framework. */
export interface MetricsEndpointOptions {
  /** The registry to render. Default: the default registry `register`. */
  readonly registry?: Registry | undefined;
  /** Bearer or basic credentials a scrape must present (401 otherwise). Default: none. */
  readonly auth?: MetricsAuth | undefined;
  /** Gzip the body when the scraper accepts it, as Prometheus does. Default true. */
  readonly gzip?: boolean | undefined;
}

/** What the endpoint reads from a request. */
export interface MetricsRequest {
  readonly method: string;
  readonly accept: string | undefined;
  readonly acceptEncoding: string | undefined;
  readonly authorization: string | undefined;
}

/** What the endpoint answers; `body` is undefined for HEAD. */
export interface MetricsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string | undefined;
}

/**
 * Returns the /metrics endpoint as a function of the request: text 0.0.4 or OpenMetrics by the
 * `Accept` header (`negotiateExposition`), gzip by `Accept-Encoding` (`acceptsGzip`), and the
 * exporter's constant-time authorization (401 with a `WWW-Authenticate` challenge). The
 * framework handlers (`nodeHttpMetricsHandler`, `expressMetricsHandler`,
 * `fastifyMetricsHandler`, `honoMetricsHandler`) adapt it to their request and reply.
 *
 * @example
 * const endpoint = createMetricsEndpoint({ registry, auth: { type: "bearer", token } });
 * const { status, headers, body } = await endpoint({ method: "GET", accept, acceptEncoding, authorization });
 */
export function createMetricsEndpoint(
  options: MetricsEndpointOptions = {},
): (request: MetricsRequest) => Promise<MetricsResponse> {
  const registry = options.registry ?? register;
  const authorize = options.auth === undefined ? undefined : createAuthorization(options.auth);
  const compress = options.gzip ?? true;
  return async (request) => {
    if (authorize !== undefined) {
      const verdict = authorize(request.authorization);
      if (!verdict.ok) {
        return {
          status: 401,
          headers: {
            "content-type": "application/json; charset=utf-8",
            "www-authenticate": verdict.challenge,
            "cache-control": "no-store",
          },
          body: '{"error":"unauthorized"}',
        };
      }
    }
    const { format, contentType } = negotiateExposition(request.accept);
    let text: string;
    try {
      text = await registry.render(format);
    } catch (error) {
      return {
        status: 500,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
        body: `Error rendering metrics: ${error instanceof Error ? error.message : String(error)}\n`,
      };
    }
    const head = request.method.toUpperCase() === "HEAD";
    const headers: Record<string, string> = {
      "content-type": contentType,
      vary: "Accept, Accept-Encoding",
      "cache-control": "no-store",
    };
    if (compress && acceptsGzip(request.acceptEncoding)) {
      const body = await gzipAsync(text);
      headers["content-encoding"] = "gzip";
      headers["content-length"] = String(body.byteLength);
      return { status: 200, headers, body: head ? undefined : body };
    }
    headers["content-length"] = String(Buffer.byteLength(text));
    return { status: 200, headers, body: head ? undefined : text };
  };
}
