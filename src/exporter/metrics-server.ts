/** @module The metrics HTTP(S) server: /metrics (negotiated, gzipped, optionally authenticated), /health, /ready and mounted routes, behind a Host/Origin/body-size guard. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { nodeHttpMetrics } from "../instrument/http/node-http.js";
import { HttpMetrics } from "../instrument/http-metrics.js";
import { negotiateExposition, type Registry, register } from "../metrics/index.js";
import { acceptsGzip } from "./accepts-gzip.js";
import { type AuthorizationVerdict, createAuthorization } from "./authorization.js";
import { MetricsConfigError } from "./config-error.js";
import { type HealthCheckOptions, HealthChecks } from "./health-checks.js";
import { packageVersion } from "./package-version.js";
import { DEFAULT_MAX_BODY_BYTES, declaredLength, RequestBodyTooLargeError } from "./read-body.js";
import { isLoopbackAddress, RequestGuard } from "./request-guard.js";
import type { TlsCredentials } from "./tls-files.js";
import type { HealthCheck, MetricsAuth, RouteHandler, RouteOptions } from "./types.js";

const gzipAsync = promisify(gzip);

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** TCP port; 0 picks a free one (read it back from `server.port`). Default 9100. */
  readonly port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`: reachable from this machine only. */
  readonly host?: string | undefined;
  /** The registry `/metrics` renders. Default: the core's default `register`. */
  readonly registry?: Registry | undefined;
  /** Path of the metrics endpoint. Default `/metrics`. */
  readonly metricsPath?: string | undefined;
  /** Require these credentials on /metrics and mounted routes (not on /health, /ready). */
  readonly auth?: MetricsAuth | undefined;
  /**
   * Serve HTTPS with this certificate and key (see `readTlsFiles`); with a client CA, only
   * clients presenting a certificate it signed get an answer (mutual TLS). Default: plain HTTP.
   */
  readonly tls?: TlsCredentials | undefined;
  /** Gzip /metrics for clients that accept it. Default true. */
  readonly gzip?: boolean | undefined;
  /** Version reported by /health. Default: tradewatch's package version. */
  readonly version?: string | undefined;
  /** Name reported by /health, e.g. the plane (`data`, `order`, `strategy`). */
  readonly name?: string | undefined;
  /** Whether /ready answers 200 from the start (still subject to checks). Default false. */
  readonly ready?: boolean | undefined;
  /** Time limit of each health check. Default 2000 ms. */
  readonly healthCheckTimeoutMs?: number | undefined;
  /**
   * Record the server's own requests: `true` creates the catalog's HTTP metrics in
   * `registry`; an `HttpMetrics` records into it (e.g. one built on
   * `recorder.httpMetricSet()`). Default false.
   */
  readonly recordHttpMetrics?: boolean | HttpMetrics | undefined;
  /**
   * Host names clients may reach the server by, beside the bound address and
   * `localhost`/`127.0.0.1`/`[::1]` with the port: `name` (any port) or `name:port`; `*`
   * turns the Host check off. Other Host headers get 421 (DNS rebinding).
   */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Largest request body any route accepts, in bytes; larger ones get 413. Default 64 KiB. */
  readonly maxBodyBytes?: number | undefined;
  /** Where the start-up warning goes (network address without auth). Default: one line on stderr. */
  readonly warn?: ((line: string) => void) | undefined;
}

/** Options of {@link MetricsServer.close}. */
export interface CloseOptions {
  /** How long in-flight requests may take before their connections are cut. Default 5000 ms. */
  readonly graceMs?: number | undefined;
}

interface MountedRoute {
  readonly handler: RouteHandler;
  readonly public: boolean;
}

/**
 * A running metrics server; see {@link startMetricsServer}. Higher layers mount their own
 * endpoints on it (`route()`), register component checks (`addHealthCheck()`) and say when
 * the process is ready (`setReady()`).
 */
export class MetricsServer {
  readonly #server: Server | HttpsServer;
  readonly #registry: Registry;
  readonly #metricsPath: string;
  readonly #gzip: boolean;
  /** Whether clients must present a certificate (mutual TLS); fixed when the server is created. */
  readonly #mutualTls: boolean | undefined;
  #authorize: ((header: string | undefined) => AuthorizationVerdict) | undefined;
  readonly #routes = new Map<string, Map<string, MountedRoute>>();
  readonly #checks: HealthChecks;
  readonly #closing = new AbortController();
  readonly #startedAt = process.hrtime.bigint();
  readonly #version: string;
  readonly #name: string | undefined;
  readonly #maxBodyBytes: number;
  #guard: RequestGuard | undefined;
  readonly #warn: (line: string) => void;
  #ready: boolean;
  #closed: Promise<void> | undefined;
  /** Where the server listens; set once by {@link start}, kept after close. */
  #address: AddressInfo = { address: "", family: "IPv4", port: 0 };

  private constructor(options: MetricsServerOptions) {
    this.#registry = options.registry ?? register;
    this.#metricsPath = options.metricsPath ?? "/metrics";
    this.#gzip = options.gzip ?? true;
    this.#authorize = options.auth === undefined ? undefined : createAuthorization(options.auth);
    this.#checks = new HealthChecks(options.healthCheckTimeoutMs ?? 2000);
    this.#version = options.version ?? packageVersion();
    this.#name = options.name;
    this.#ready = options.ready ?? false;
    this.#warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(this.#maxBodyBytes) || this.#maxBodyBytes < 0) {
      throw new MetricsConfigError(
        "maxBodyBytes",
        `Invalid maxBodyBytes ${JSON.stringify(options.maxBodyBytes)}: must be an integer of bytes, 0 or more`,
      );
    }
    const listener = (req: IncomingMessage, res: ServerResponse): void => {
      this.#dispatch(req, res).catch((error: unknown) => {
        if (error instanceof RequestBodyTooLargeError && !res.headersSent) {
          refuseBody(req, res, error.message);
        } else if (!res.headersSent) {
          sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
        } else {
          res.destroy(error instanceof Error ? error : undefined);
        }
      });
    };
    const record = options.recordHttpMetrics;
    const httpMetrics =
      record instanceof HttpMetrics
        ? record
        : record === true
          ? new HttpMetrics({ registry: this.#registry })
          : undefined;
    const handler =
      httpMetrics === undefined
        ? listener
        : nodeHttpMetrics(httpMetrics, { resolveRoute: (req) => this.#routeLabel(req) })(listener);
    const tls = options.tls;
    this.#mutualTls = tls === undefined ? undefined : tls.clientCa !== undefined;
    this.#server =
      tls === undefined
        ? createServer(handler)
        : createHttpsServer(
            {
              cert: tls.cert,
              key: tls.key,
              ...(tls.clientCa === undefined
                ? {}
                : { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
            },
            handler,
          );
  }

  /** Starts a server and resolves once it listens; the same as {@link startMetricsServer}. */
  static async start(options: MetricsServerOptions = {}): Promise<MetricsServer> {
    const instance = new MetricsServer(options);
    const server = instance.#server;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        server.off("listening", onListening);
        reject(error);
      };
      const onListening = (): void => {
        server.off("error", onError);
        resolve();
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(options.port ?? 9100, options.host ?? "127.0.0.1");
    });
    instance.#address = server.address() as AddressInfo;
    instance.#guard = new RequestGuard({
      address: instance.#address.address,
      port: instance.#address.port,
      allowedHosts: options.allowedHosts,
    });
    if (options.auth === undefined) instance.#warnIfOpen();
    return instance;
  }

  /** Warns when the server answers the network without authentication. */
  #warnIfOpen(): void {
    if (this.#guard === undefined || isLoopbackAddress(this.#address.address)) return;
    this.#warn(
      `tradewatch: WARNING: ${this.url} is reachable from the network WITHOUT authentication (anyone who can reach it can read metrics and use its routes); set METRICS_AUTH_TOKEN or metrics.auth in tradewatch.yaml, or bind 127.0.0.1`,
    );
  }

  /** The address the server is bound to, e.g. `127.0.0.1`. */
  get host(): string {
    return this.#address.address;
  }

  /** The port the server listens on (the one picked, when started with port 0). */
  get port(): number {
    return this.#address.port;
  }

  /** Base URL, e.g. `http://127.0.0.1:9100`, or `https://…` when serving TLS. */
  get url(): string {
    const { address, family, port } = this.#address;
    const scheme = this.#mutualTls === undefined ? "http" : "https";
    return `${scheme}://${family === "IPv6" ? `[${address}]` : address}:${port}`;
  }

  /** Whether the server serves HTTPS. */
  get secure(): boolean {
    return this.#mutualTls !== undefined;
  }

  /**
   * Replaces the credentials /metrics and mounted routes require (undefined: none), for
   * requests from now on. Turning auth off on a server bound beyond loopback warns as a start
   * without auth does.
   */
  setAuth(auth: MetricsAuth | undefined): this {
    const wasOn = this.#authorize !== undefined;
    this.#authorize = auth === undefined ? undefined : createAuthorization(auth);
    if (wasOn && auth === undefined) this.#warnIfOpen();
    return this;
  }

  /**
   * Replaces the certificate, key and client CA for connections from now on (a renewed
   * certificate), without closing the port. The server must serve HTTPS already, with a client
   * CA exactly when `tls` has one: turning TLS or mutual TLS on or off needs a restart.
   */
  setTlsCredentials(tls: TlsCredentials): this {
    if (this.#mutualTls === undefined || this.#mutualTls !== (tls.clientCa !== undefined)) {
      throw new MetricsConfigError(
        "tls",
        `Cannot swap the TLS credentials of ${this.url} live: ${this.#mutualTls === undefined ? "it serves plain HTTP" : this.#mutualTls ? "it requires client certificates and the new credentials have no client CA" : "it does not request client certificates and the new credentials have a client CA"}; restart it`,
      );
    }
    (this.#server as HttpsServer).setSecureContext({
      cert: tls.cert,
      key: tls.key,
      ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa }),
    });
    return this;
  }

  /** Whether /ready currently reports ready (before checks). */
  get ready(): boolean {
    return this.#ready;
  }

  /** Aborted when {@link close} starts; long-lived handlers end their responses on it. */
  get signal(): AbortSignal {
    return this.#closing.signal;
  }

  /**
   * Mounts `handler` on `method` + exact `path` (GET also answers HEAD). Mounted routes
   * require the server's auth unless `options.public`. The built-in paths (/metrics,
   * /health, /ready) cannot be mounted over.
   *
   * @example
   * server.route("POST", "/kill-switch", (req, res) => { bot.halt(); res.end("halted"); });
   */
  route(method: string, path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    if (!path.startsWith("/") || /[?#\s]/.test(path)) {
      throw new MetricsConfigError(
        "route",
        `Invalid route path "${path}": must start with "/" and hold no "?", "#" or spaces`,
      );
    }
    if (path === this.#metricsPath || path === "/health" || path === "/ready") {
      throw new MetricsConfigError(
        "route",
        `Invalid route path "${path}": the metrics server serves it itself`,
      );
    }
    let byMethod = this.#routes.get(path);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.#routes.set(path, byMethod);
    }
    byMethod.set(method.toUpperCase(), { handler, public: options.public ?? false });
    return this;
  }

  /** Registers a component check reported by /health (and by /ready unless `readiness: false`). */
  addHealthCheck(name: string, check: HealthCheck, options?: HealthCheckOptions): this {
    this.#checks.register(name, check, options);
    return this;
  }

  /** Removes a component check. */
  removeHealthCheck(name: string): this {
    this.#checks.unregister(name);
    return this;
  }

  /** Says whether the process is ready to serve; /ready answers 503 until it is and its checks pass. */
  setReady(ready = true): this {
    this.#ready = ready;
    return this;
  }

  /**
   * Stops accepting connections, closes idle keep-alive sockets at once, lets in-flight
   * requests finish for `graceMs`, then cuts what remains. Resolves when the port is free.
   * Calling it again returns the same promise.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closed ??= this.#close(options.graceMs ?? 5000);
    return this.#closed;
  }

  async #close(graceMs: number): Promise<void> {
    this.#ready = false;
    this.#closing.abort();
    const closed = new Promise<void>((resolve, reject) =>
      this.#server.close((error) => (error ? reject(error) : resolve())),
    );
    this.#server.closeIdleConnections();
    const timer = setTimeout(() => this.#server.closeAllConnections(), graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The route label of a request to this server: a built-in path, a mounted path, or none. */
  #routeLabel(req: IncomingMessage): string | undefined {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === this.#metricsPath || path === "/health" || path === "/ready") return path;
    const byMethod = this.#routes.get(path);
    if (byMethod === undefined) return undefined;
    const method = req.method?.toUpperCase() ?? "GET";
    return byMethod.has(method) || (method === "HEAD" && byMethod.has("GET")) ? path : undefined;
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const isRead = method === "GET" || method === "HEAD";
    if (this.#guard !== undefined && !this.#guard.allowsHost(req.headers.host)) {
      return sendJson(res, 421, {
        error: `unexpected Host header ${JSON.stringify(req.headers.host ?? "")}: add it to metrics.allowed_hosts (METRICS_ALLOWED_HOSTS) to serve it`,
      });
    }
    const declared = declaredLength(req);
    if (declared !== undefined && declared > this.#maxBodyBytes) {
      return refuseBody(
        req,
        res,
        new RequestBodyTooLargeError(this.#maxBodyBytes, declared, true).message,
      );
    }
    if (url.pathname === "/health" && isRead) return this.#serveHealth(res, "liveness");
    if (url.pathname === "/ready" && isRead) return this.#serveHealth(res, "readiness");
    if (url.pathname === this.#metricsPath) {
      if (!isRead) return methodNotAllowed(res, "GET, HEAD");
      if (!this.#authorized(req, res)) return;
      return this.#serveMetrics(req, res);
    }
    const byMethod = this.#routes.get(url.pathname);
    if (byMethod === undefined) {
      return sendJson(res, 404, { error: "not found", path: url.pathname });
    }
    const route = byMethod.get(method) ?? (method === "HEAD" ? byMethod.get("GET") : undefined);
    if (route === undefined) {
      const allowed = [...byMethod.keys()];
      if (allowed.includes("GET")) allowed.push("HEAD");
      return methodNotAllowed(res, allowed.join(", "));
    }
    const refusal = this.#guard?.check(method, req.headers);
    // A foreign Origin is refused before auth; a wrong Content-Type after it (401 first).
    if (refusal?.status === 403) return sendJson(res, 403, { error: refusal.error });
    if (!route.public && !this.#authorized(req, res)) return;
    if (refusal !== undefined) return sendJson(res, refusal.status, { error: refusal.error });
    await route.handler(req, res, {
      url,
      signal: this.#closing.signal,
      maxBodyBytes: this.#maxBodyBytes,
    });
  }

  #authorized(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.#authorize === undefined) return true;
    const verdict = this.#authorize(req.headers.authorization);
    if (verdict.ok) return true;
    res.setHeader("www-authenticate", verdict.challenge);
    sendJson(res, 401, { error: "unauthorized" });
    return false;
  }

  async #serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { format, contentType } = negotiateExposition(req.headers.accept);
    let body: string;
    try {
      body = await this.#registry.render(format);
    } catch (error) {
      res.statusCode = 500;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(
        `Error rendering metrics: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return;
    }
    res.setHeader("content-type", contentType);
    res.setHeader("vary", "Accept, Accept-Encoding");
    res.setHeader("cache-control", "no-store");
    if (this.#gzip && acceptsGzip(req.headers["accept-encoding"])) {
      const compressed = await gzipAsync(body);
      res.setHeader("content-encoding", "gzip");
      res.setHeader("content-length", compressed.byteLength);
      res.end(req.method === "HEAD" ? undefined : compressed);
      return;
    }
    res.setHeader("content-length", Buffer.byteLength(body));
    res.end(req.method === "HEAD" ? undefined : body);
  }

  async #serveHealth(res: ServerResponse, kind: "liveness" | "readiness"): Promise<void> {
    const { ok, checks } = await this.#checks.run(kind);
    const uptimeSeconds = Number(process.hrtime.bigint() - this.#startedAt) / 1e9;
    const common = {
      ...(this.#name === undefined ? {} : { name: this.#name }),
      version: this.#version,
      uptimeSeconds,
      checks,
    };
    if (kind === "liveness") {
      sendJson(res, ok ? 200 : 503, { status: ok ? "ok" : "fail", ...common });
      return;
    }
    const ready = this.#ready && ok;
    sendJson(res, ready ? 200 : 503, {
      status: ready ? "ready" : "not_ready",
      ...common,
      ...(this.#ready
        ? {}
        : { reason: this.#closing.signal.aborted ? "closing" : "not yet ready" }),
    });
  }
}

/**
 * Starts the metrics server and resolves once it listens. `/metrics` renders the registry
 * in the format the client's Accept header asks for (OpenMetrics for Prometheus, text 0.0.4
 * otherwise), gzipped when accepted; `/health` reports liveness (uptime, version, component
 * checks); `/ready` answers 503 until `setReady()` and the checks pass; unknown paths 404.
 * Binds to 127.0.0.1 unless `host` says otherwise.
 *
 * @example
 * const server = await startMetricsServer({ port: 9100, registry });
 * server.addHealthCheck("journal", () => journal.isOpen());
 * server.setReady();
 * process.on("SIGTERM", () => server.close());
 */
export function startMetricsServer(options: MetricsServerOptions = {}): Promise<MetricsServer> {
  return MetricsServer.start(options);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}

/** Answers 413 and closes the connection once the answer is out, so the rest of the body is never read. */
function refuseBody(req: IncomingMessage, res: ServerResponse, message: string): void {
  res.setHeader("connection", "close");
  res.once("finish", () => req.socket.destroySoon());
  sendJson(res, 413, { error: message });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader("allow", allow);
  sendJson(res, 405, { error: "method not allowed" });
}
