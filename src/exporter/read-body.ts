/** @module Reads a request body up to a byte limit, refusing the rest without buffering it. */
import type { IncomingMessage } from "node:http";
import { TradewatchError } from "../errors.js";

/** The default request-body limit of the metrics server: 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** A request body (declared or streamed) was larger than the server's limit; answered with 413. */
export class RequestBodyTooLargeError extends TradewatchError {
  /** The limit that was exceeded, in bytes. */
  readonly maxBytes: number;

  constructor(maxBytes: number, bytes: number, declared: boolean) {
    super(
      "ERR_REQUEST_BODY_TOO_LARGE",
      `Request body too large: ${declared ? "Content-Length was" : "more than"} ${bytes} bytes, must be at most ${maxBytes} bytes`,
    );
    this.maxBytes = maxBytes;
  }
}

/**
 * Returns the request body as UTF-8 text, reading at most `maxBytes`. Throws a
 * {@link RequestBodyTooLargeError} as soon as the declared Content-Length or the streamed
 * bytes pass the limit, and stops reading there: nothing beyond the limit is buffered.
 * The metrics server answers that error with 413.
 *
 * @example
 * server.route("POST", "/kill-switch", async (req, res, { maxBodyBytes }) => {
 *   const body = JSON.parse((await readRequestBody(req, maxBodyBytes)) || "{}");
 * });
 */
export async function readRequestBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) {
    throw new RequestBodyTooLargeError(maxBytes, declared, true);
  }
  return await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        // Stop reading here; the server answers 413 and closes the connection.
        cleanup();
        req.pause();
        reject(new RequestBodyTooLargeError(maxBytes, maxBytes, false));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
  });
}

/** Returns the request's Content-Length, or undefined when it has none (chunked) or it is malformed. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}
