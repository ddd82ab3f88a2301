/** @module A file served as-is by the dashboard, loaded once, with an ETag for revalidation. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { TradewatchError } from "../../errors.js";

/**
 * A static file read once at mount time and served from memory: `content-type` as given,
 * a strong ETag from its SHA-256, `no-cache` so the browser revalidates (a 304 costs no
 * body), gzip left to the file being small.
 */
export class StaticAsset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;

  constructor(body: Buffer, contentType: string) {
    this.body = body;
    this.contentType = contentType;
    this.etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  }

  /** Reads `file` (a path or file URL) into a served asset; throws ERR_INVALID_CONFIG when it is missing. */
  static fromFile(file: string | URL, contentType: string): StaticAsset {
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch (error) {
      throw new TradewatchError(
        "ERR_INVALID_CONFIG",
        `Dashboard asset "${file instanceof URL ? fileURLToPath(file) : file}" could not be read: ${error instanceof Error ? error.message : String(error)} (a build must copy src/dashboard/assets beside the compiled dashboard)`,
        { cause: error },
      );
    }
    return new StaticAsset(body, contentType);
  }

  /** Answers a GET or HEAD request for this asset. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("content-type", this.contentType);
    res.setHeader("cache-control", "no-cache");
    res.setHeader("etag", this.etag);
    res.setHeader("x-content-type-options", "nosniff");
    if (req.headers["if-none-match"] === this.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader("content-length", this.body.byteLength);
    res.end(req.method === "HEAD" ? undefined : this.body);
  }
}
