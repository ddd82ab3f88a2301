/** @module Shared types of the exporter: routes mounted on the metrics server and health checks. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** What a mounted route's handler receives beside the request and response. */
export interface RouteContext {
  /** The request URL, parsed. */
  readonly url: URL;
  /** Aborted when the server starts closing: long-lived responses (server-sent events) end on it. */
  readonly signal: AbortSignal;
  /** The server's request-body limit in bytes: pass it to `readRequestBody` (413 past it). */
  readonly maxBodyBytes: number;
}

/** A handler mounted with `server.route(method, path, handler)`. */
export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  context: RouteContext,
) => void | Promise<void>;

/** Options of one mounted route. */
export interface RouteOptions {
  /** Serve it without authentication even when the server requires it. Default false. */
  readonly public?: boolean | undefined;
}

/** The outcome of one component check. */
export interface HealthCheckResult {
  readonly ok: boolean;
  /** A short human-readable detail, e.g. `"connected"` or the error message. */
  readonly detail?: string | undefined;
}

/** A component check: returns (or resolves to) a result or a bare boolean; throwing counts as failing. */
export type HealthCheck = () => HealthCheckResult | boolean | Promise<HealthCheckResult | boolean>;

/** Credentials the metrics server requires, if any. */
export type MetricsAuth =
  | { readonly type: "bearer"; readonly token: string }
  | { readonly type: "basic"; readonly username: string; readonly password: string };
