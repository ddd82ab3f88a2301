/** @module prom-client's Pushgateway class: pushes a registry to a Pushgateway group over node:http(s). */
import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";
import { MetricDefinitionError } from "./errors.js";
import { PushError } from "./push-error.js";
import { groupingPath } from "./pushgateway-grouping-path.js";
import { type Registry, register } from "./registry.js";

/**
 * Options of {@link Pushgateway}: Node's request options (`timeout` in milliseconds, `headers`,
 * `agent`, `auth`, TLS options...) applied to every request, plus `requireJobName`.
 * A `Content-Encoding: gzip` header gzips the pushed body.
 */
export interface PushgatewayOptions extends https.RequestOptions {
  /** Whether `jobName` is required (default true); false pushes to `/metrics` (Gravel gateway). */
  requireJobName?: boolean;
}

/** The group a call addresses: the `job` label and further grouping labels. */
export interface PushgatewayParameters {
  jobName?: string;
  groupings?: Readonly<Record<string, string | number>>;
}

/** What a successful call resolves to, as in prom-client. */
export interface PushgatewayResponse {
  resp: http.IncomingMessage;
  body: string;
}

/**
 * Pushes a registry to a Pushgateway, with prom-client's API: `pushAdd()` (POST) replaces the
 * group's metrics of the same names, `push()` (PUT) replaces the whole group, `delete()`
 * removes it. The body is the registry's `metrics()` in its content type. An answer of 400 or
 * more rejects with a {@link PushError} (`ERR_PUSH_FAILED`), as does a request that fails or
 * exceeds `timeout`.
 *
 * @example
 * const gateway = new Pushgateway("http://127.0.0.1:9091", { timeout: 5000 }, registry);
 * await gateway.pushAdd({ jobName: "nightly_backtest", groupings: { strategy: "momentum" } });
 */
export class Pushgateway {
  readonly registry: Registry;
  readonly gatewayUrl: string;
  readonly requireJobName: boolean;
  readonly requestOptions: https.RequestOptions;

  constructor(gatewayUrl: string, options?: PushgatewayOptions | null, registry?: Registry) {
    this.registry = registry ?? register;
    this.gatewayUrl = gatewayUrl;
    const { requireJobName = true, ...requestOptions } = options ?? {};
    this.requireJobName = requireJobName;
    this.requestOptions = requestOptions;
  }

  /** Replaces the group's metrics that have the names of the registry's (HTTP POST). */
  pushAdd(parameters: PushgatewayParameters = {}): Promise<PushgatewayResponse> {
    return this.send("POST", parameters);
  }

  /** Replaces all of the group's metrics with the registry's (HTTP PUT). */
  push(parameters: PushgatewayParameters = {}): Promise<PushgatewayResponse> {
    return this.send("PUT", parameters);
  }

  /** Deletes the group (HTTP DELETE). */
  delete(parameters: PushgatewayParameters = {}): Promise<PushgatewayResponse> {
    return this.send("DELETE", parameters);
  }

  /** Starts the request at once (as prom-client does), then writes the rendered registry. */
  private send(
    method: "POST" | "PUT" | "DELETE",
    parameters: PushgatewayParameters,
  ): Promise<PushgatewayResponse> {
    const { jobName, groupings } = parameters ?? {};
    if (this.requireJobName && (jobName === undefined || jobName === "")) {
      throw new MetricDefinitionError(
        "ERR_INVALID_METRIC_OPTION",
        "pushgateway",
        `Missing jobName parameter: Pushgateway.${method === "POST" ? "pushAdd" : method === "PUT" ? "push" : "delete"}() needs { jobName } (or the option requireJobName: false)`,
      );
    }
    const base = new URL(this.gatewayUrl);
    const prefix = base.pathname === "/" ? "" : base.pathname.replace(/\/+$/, "");
    const target = new URL(`${prefix}${groupingPath(jobName, groupings)}`, base);
    const headers: http.OutgoingHttpHeaders = {
      ...(this.requestOptions.headers as http.OutgoingHttpHeaders | undefined),
    };
    const gzip = headerValue(headers, "content-encoding") === "gzip";
    // Only the caller's headers are sent, as prom-client does: the Pushgateway reads a body
    // without Content-Type as the text format.
    if (method === "DELETE") {
      for (const name of Object.keys(headers)) {
        if (name.toLowerCase() === "content-encoding") delete headers[name];
      }
    }
    const url = `${target.origin}${target.pathname}`;
    const options: https.RequestOptions = {
      ...requestOptionsOf(target),
      ...this.requestOptions,
      headers,
      method,
    };
    return new Promise<PushgatewayResponse>((resolve, reject) => {
      const client = target.protocol === "https:" ? https : http;
      const request = client.request(options, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 400) {
            reject(
              new PushError(
                url,
                `Pushgateway push failed with status ${status}, ${body.trim().slice(0, 500)} (${method} ${url})`,
                { status, body: body.slice(0, 500) },
              ),
            );
          } else {
            resolve({ resp: response, body });
          }
        });
      });
      request.on("error", (error: Error) => {
        reject(
          error instanceof PushError
            ? error
            : new PushError(url, `Pushgateway ${method} ${url} failed: ${error.message}`, {
                cause: error,
              }),
        );
      });
      request.on("timeout", () => {
        request.destroy(
          new PushError(url, "Pushgateway request timed out", {
            cause: new Error(`${method} ${url} took over ${options.timeout} ms`),
          }),
        );
      });
      if (method === "DELETE") {
        request.end();
        return;
      }
      this.registry.metrics().then(
        (text) => {
          request.end(gzip ? gzipSync(text) : text);
        },
        (error: unknown) => {
          request.destroy();
          reject(error);
        },
      );
    });
  }
}

/** Returns a header's value whatever the case of its name. */
function headerValue(headers: http.OutgoingHttpHeaders, name: string): unknown {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** Returns the request options of a URL: host, port, path and basic-auth user info. */
function requestOptionsOf(target: URL): https.RequestOptions {
  const options: https.RequestOptions = {
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[|\]$/g, ""),
    path: `${target.pathname}${target.search}`,
  };
  if (target.port !== "") options.port = Number(target.port);
  if (target.username !== "" || target.password !== "") {
    options.auth = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
  }
  return options;
}
