/** @module Follows one node:http request/response pair and records it when the response is done. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMetrics } from "../http-metrics.js";

type Chunk = string | Uint8Array | undefined | null | (() => void);

/**
 * Starts recording `req`/`res`: marks the request in flight, counts response body bytes
 * written through `res.write`/`res.end`, and on `close` (after `finish`, or alone when the
 * client left) records it with the route `resolveRoute()` returns at that moment.
 * Works for every server built on node:http (plain, Express, Fastify).
 */
export function trackNodeResponse(
  httpMetrics: HttpMetrics,
  req: IncomingMessage,
  res: ServerResponse,
  resolveRoute: () => string | undefined,
): void {
  const timing = httpMetrics.begin();
  const counter = { bytes: 0 };
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => ServerResponse;
  // Arrow functions: no per-request function names, and `this` is always `res` here.
  res.write = ((chunk: Chunk, ...rest: unknown[]) => {
    counter.bytes += byteLength(chunk, rest[0]);
    return write.call(res, chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: Chunk, ...rest: unknown[]) => {
    counter.bytes += byteLength(chunk, rest[0]);
    return end.call(res, chunk, ...rest);
  }) as ServerResponse["end"];
  // A ServerResponse emits "close" once per request: after "finish" when the response was
  // sent, or alone when the client left first. One listener covers both.
  res.on("close", () => {
    httpMetrics.end(timing, {
      method: req.method,
      route: resolveRoute(),
      status: res.headersSent ? res.statusCode : undefined,
      requestBytes: contentLength(req),
      responseBytes: req.method === "HEAD" ? 0 : counter.bytes,
    });
  });
}

function byteLength(chunk: Chunk, encoding: unknown): number {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return 0;
  if (typeof chunk === "string") {
    return Buffer.byteLength(
      chunk,
      typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8",
    );
  }
  return chunk.byteLength;
}

/** Returns the request's Content-Length, 0 for a request without a body, or `undefined` when unknown (chunked). */
export function contentLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header !== undefined) {
    const bytes = Number(header);
    return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
  }
  return req.headers["transfer-encoding"] === undefined ? 0 : undefined;
}
