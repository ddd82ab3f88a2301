/** @module Follows one node:http request/response pair and records it when the response is done. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMetrics } from "../http-metrics.js";

type Chunk = string | Uint8Array | undefined | null | (() => void);

/**
 * Starts recording `req`/`res`: marks the request in flight, counts response body bytes
 * written through `res.write`/`res.end`, and on `finish` (or `close` before it, when the
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
  let responseBytes = 0;
  const write = res.write;
  const end = res.end;
  res.write = function countedWrite(this: ServerResponse, chunk: Chunk, ...rest: unknown[]) {
    responseBytes += byteLength(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse["write"];
  res.end = function countedEnd(this: ServerResponse, chunk?: Chunk, ...rest: unknown[]) {
    responseBytes += byteLength(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse["end"];
  const done = (): void => {
    httpMetrics.end(timing, {
      method: req.method,
      route: resolveRoute(),
      status: res.headersSent ? res.statusCode : undefined,
      requestBytes: contentLength(req),
      responseBytes: req.method === "HEAD" ? 0 : responseBytes,
    });
  };
  res.once("finish", done);
  res.once("close", done);
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
